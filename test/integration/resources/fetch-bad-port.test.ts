import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { runCli, startDaemon, writeFixtureConfig, type RunningDaemon } from '../../helpers/cli.js';
import { materializeHost, type MaterializedHost } from '../../helpers/host-fixture.js';
import { runCleanups, startNotify, tempLastIdFile } from '../../helpers/notify-run.js';
import { waitUntil } from '../../helpers/wait.js';

// Ports on the WHATWG Fetch spec's "bad port" list that fetch (undici) refuses and node:http serves.
const BAD_PORTS = [10080, 6665, 6666, 6667, 6668, 6669, 6000];

// A daemon on the first of them it can bind here: another test run on this machine may hold one (between a probe
// and the daemon's bind it could take it too, so the bind itself is the test).
async function startOnBadPort(host: MaterializedHost): Promise<{ daemon: RunningDaemon; config: string; port: number }> {
  for (const port of BAD_PORTS) {
    const config = await writeFixtureConfig(host.paths, `\n[http]\nlisten = "127.0.0.1:${port}"\n`);
    try {
      return { daemon: await startDaemon(config, { bin: host.bin }), config, port };
    } catch (error) {
      if (!String(error).includes('address already in use')) throw error;
    }
  }
  throw new Error(`none of the ports ${BAD_PORTS.join(', ')} is free on 127.0.0.1`);
}

describe('a daemon on a port fetch refuses ("bad port")', () => {
  let host: MaterializedHost;
  let daemon: RunningDaemon;
  let config: string;
  let port: number;
  beforeAll(async () => {
    host = await materializeHost('no-npu');
    ({ daemon, config, port } = await startOnBadPort(host));
  });
  afterEach(runCleanups);
  afterAll(async () => {
    await daemon?.stop();
    await host?.cleanup();
  });

  it('answers `npu-watch status`, by --url and by the config', async () => {
    const byUrl = await runCli(['status', '--json', '--url', `http://127.0.0.1:${port}`]);
    expect(byUrl.stderr).toBe('');
    expect(byUrl.exitCode).toBe(0);
    expect(JSON.parse(byUrl.stdout)).toMatchObject({ version: expect.any(String) });
    const byConfig = await runCli(['status', '--config', config]);
    expect({ exitCode: byConfig.exitCode, stderr: byConfig.stderr }).toEqual({ exitCode: 0, stderr: '' });
  });

  it('is followed by `npu-watch notify`', async () => {
    const notify = startNotify(`http://127.0.0.1:${port}`, tempLastIdFile());
    const outcome = await waitUntil(() => notify.messages().find((message) => message.startsWith('connected to') || message.startsWith('cannot reach')));
    expect(outcome).toBe(`connected to http://127.0.0.1:${port}/events`);
    expect(await notify.stop()).toBe(0);
  });
});
