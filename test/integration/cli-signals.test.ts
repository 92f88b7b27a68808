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

  it('during the config load: exit 130 and one clean line, no stack trace', async () => {
    // The config file is a FIFO: the CLI's read of it blocks until this test writes, so the test knows the
    // process is loading its config, before any logger or probe, without a log line or a timer. Opening the
    // FIFO's write end returns once the CLI has opened the read end.
    const written = await writeFixtureConfig(host.paths);
    const fifo = path.join(path.dirname(written), 'config-fifo.toml');
    await execa('mkfifo', [fifo]);
    const child = execa(process.execPath, [CLI, 'check', '--config', fifo], { reject: false, env: { ...pathEnv(host.bin), NPU_WATCH_CONFIG: '' } });
    const writer = await fsp.open(fifo, 'w');
    child.kill('SIGINT');
    await writer.writeFile(await fsp.readFile(written, 'utf8'));
    await writer.close();
    const result = await child;
    expect(result.signal).toBeUndefined();
    expect(result.exitCode).toBe(130);
    expect(result.stderr).toBe('npu-watch: interrupted by SIGINT; nothing left running');
    expect(result.stdout).toBe('');
  });
});
