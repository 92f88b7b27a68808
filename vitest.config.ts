import { defineConfig } from 'vitest/config';

// Integration tests start real processes (the CLI, the daemon, Prometheus): give them room,
// and run files one at a time on this 2-core machine so they do not starve each other.
export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    testTimeout: 30_000,
    hookTimeout: 60_000,
    fileParallelism: false,
  },
});
