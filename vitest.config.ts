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
    // No test reaches the real npm registry or PyPI: the updates probe asks the user's npm and each Python
    // runtime's pip for newer OpenVINO releases, so every CLI and daemon a test starts inherits an index on a
    // closed local port (the discard port, nothing listens there): no data, as offline. A test that serves an
    // index (test/integration/openvino-updates.test.ts) points its own child at it.
    env: {
      npm_config_registry: 'http://127.0.0.1:9/',
      PIP_INDEX_URL: 'http://127.0.0.1:9/simple/',
    },
  },
});
