import net from 'node:net';
import { execa } from 'execa';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CLI, pathEnv, runCli, writeFixtureConfig } from '../helpers/cli.js';
import { materializeHost, type MaterializedHost } from '../helpers/host-fixture.js';

describe('npu-watch run: the listen address', () => {
  let host: MaterializedHost;
  let occupier: net.Server;
  let taken: string;
  beforeAll(async () => {
    host = await materializeHost('no-npu');
    // A port this test holds, so the daemon finds it in use.
    occupier = net.createServer();
    await new Promise<void>((resolve) => occupier.listen(0, '127.0.0.1', resolve));
    taken = `127.0.0.1:${(occupier.address() as net.AddressInfo).port}`;
  });
  afterAll(async () => {
    await new Promise((resolve) => occupier?.close(resolve));
    await host?.cleanup();
  });

  const inUse = (address: string) => `npu-watch: cannot listen on ${address}: address already in use; set [http] listen or --listen`;

  it('a port in use ([http] listen): one line on stderr naming it and the way out, exit 1, nothing else', async () => {
    const config = await writeFixtureConfig(host.paths, `\n[http]\nlisten = "${taken}"\n`);
    const result = await runCli(['run', '--config', config], { bin: host.bin });
    expect(result).toMatchObject({ exitCode: 1, stdout: '', stderr: inUse(taken) });
  });

  it('a port in use (--listen): the same line', async () => {
    const config = await writeFixtureConfig(host.paths);
    const result = await runCli(['run', '--config', config, '--listen', taken], { bin: host.bin });
    expect(result).toMatchObject({ exitCode: 1, stdout: '', stderr: inUse(taken) });
  });

  it('--listen wins over [http] listen and --log-level over [log] level', async () => {
    // The file asks for the taken port and for errors only; the flags ask for any free port and info.
    const config = await writeFixtureConfig(host.paths, `\n[http]\nlisten = "${taken}"\n\n[log]\nlevel = "error"\n`);
    const child = execa(process.execPath, [CLI, 'run', '--config', config, '--listen', '127.0.0.1:0', '--log-level', 'info'], {
      reject: false,
      env: { ...pathEnv(host.bin), NPU_WATCH_CONFIG: '' },
    });
    // The info line that names the URL it serves: only logged at info, only reachable if the flag's port was used.
    const serving = await new Promise<{ url: string }>((resolve, reject) => {
      let text = '';
      child.stdout?.on('data', (chunk: Buffer) => {
        text += chunk.toString();
        const line = text.split('\n').find((candidate) => candidate.includes('"url"'));
        if (line) resolve(JSON.parse(line) as { url: string });
      });
      void child.then((result) => reject(new Error(`exited ${result.exitCode}: ${result.stderr}`)));
    });
    expect(serving.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(serving.url).not.toBe(`http://${taken}`);
    expect((await fetch(`${serving.url}/healthz`)).status).toBe(200);
    child.kill('SIGTERM');
    expect((await child).exitCode).toBe(0);
  });
});
