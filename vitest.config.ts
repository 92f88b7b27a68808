import { defineConfig } from 'vitest/config';

// Integration tests start real processes (the CLI, the daemon, Prometheus): give them room,
// and run files one at a time on this 2-core machine so they do not starve each other. The timeouts only
// guard against a hang: a second copy of the suite on the same machine (tried) can make an end-to-end
// test take several times as long as alone, so they are generous.
export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    testTimeout: 120_000,
    hookTimeout: 120_000,
    fileParallelism: false,
  },
});
