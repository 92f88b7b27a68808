import fsp from 'node:fs/promises';
import path from 'node:path';
import { execa } from 'execa';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CLI, pathEnv, writeFixtureConfig } from '../helpers/cli.js';
import { materializeHost, type MaterializedHost } from '../helpers/host-fixture.js';

describe('Ctrl-C in the first moments of check', () => {
  let host: MaterializedHost;
  beforeAll(async () => {
    host = await materializeHost('no-npu');
  });
  afterAll(() => host?.cleanup());

  it('during the first probes: exit 130 and one clean line, no stack trace', async () => {
    // The config load no longer blocks (a FIFO config is refused at once, issue 10 item 7), so the test waits on
    // a probe instead: python3 here opens a FIFO for reading, which blocks until this test opens the write end.
    // Then the CLI is past its config and running its probes, without a log line or a timer.
    const written = await writeFixtureConfig(host.paths);
    const fifo = path.join(path.dirname(written), 'python-fifo');
    await execa('mkfifo', [fifo]);
    await fsp.rm(path.join(host.bin, 'python3'));
    await fsp.writeFile(path.join(host.bin, 'python3'), `#!/bin/sh\nexec cat ${JSON.stringify(fifo)}\n`, { mode: 0o755 });
    const child = execa(process.execPath, [CLI, 'check', '--config', written], { reject: false, env: { ...pathEnv(host.bin), NPU_WATCH_CONFIG: '' } });
    const writer = await fsp.open(fifo, 'w');
    child.kill('SIGINT');
    const result = await child;
    await writer.close();
    expect(result.signal).toBeUndefined();
    expect(result.exitCode).toBe(130);
    expect(result.stderr).toBe('npu-watch: interrupted by SIGINT; nothing left running');
    expect(result.stdout).toBe('');
  });
});
