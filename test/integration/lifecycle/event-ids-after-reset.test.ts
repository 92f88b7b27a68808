import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import fsp from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CLI, startDaemon, writeFixtureConfig, type RunningDaemon } from '../../helpers/cli.js';
import { end, startNotificationBus, type NotificationBus } from '../../helpers/dbus.js';
import { fakeRuntimeToml, fakeScenario } from '../../helpers/fake-runtime.js';
import { materializeHost, type MaterializedHost } from '../../helpers/host-fixture.js';
import { waitUntil } from '../../helpers/wait.js';

// The real daemon, the real `npu-watch notify`, a stub notification server: after status.json is found corrupt
// and the state starts fresh, the new events are shown, not dropped as "already handled".
describe('notifications after a state reset', () => {
  let host: MaterializedHost;
  let bus: NotificationBus;
  let stateHome: string;
  const children: ChildProcess[] = [];
  const daemons: RunningDaemon[] = [];
  beforeAll(async () => {
    host = await materializeHost('fedora43-lunarlake');
    bus = await startNotificationBus();
    stateHome = await fsp.mkdtemp(path.join(os.tmpdir(), 'npu-watch-notify-home-'));
  });
  afterAll(async () => {
    for (const daemon of daemons) await daemon.stop('SIGKILL');
    for (const child of children) await end(child);
    await bus?.stop();
    await host.cleanup();
    await fsp.rm(stateHome, { recursive: true, force: true });
  });

  const startNotify = (url: string, config: string) => {
    const child = spawn(process.execPath, [CLI, 'notify', '--url', url, '--config', config], {
      env: { ...process.env, NPU_WATCH_CONFIG: '', DBUS_SESSION_BUS_ADDRESS: bus.address, XDG_STATE_HOME: stateHome },
      stdio: ['ignore', 'ignore', 'inherit'],
    });
    children.push(child);
    return child;
  };
  const shown = (summary: string) => bus.notifications().filter((call) => call.summary === summary).length;

  it('a stopped_working after the reset is shown', async () => {
    const scenario = await fakeScenario('working');
    const setScenario = (name: string) => fs.writeFileSync(scenario.file, JSON.stringify({ scenario: name }));
    // A canary pass every 2 s; one failed pass is "stopped working"; no rate limit between notifications.
    const toml = `${fakeRuntimeToml({ devices: ['NPU'] })}
[http]
listen = "127.0.0.1:0"

[schedule]
canary = "*/2 * * * * *"

[status]
failures_to_broken = 1

[notify]
min_interval_seconds = 0
`;
    const config = await writeFixtureConfig(host.paths, toml);
    const stateDir = path.join(path.dirname(config), 'state');
    const run = async () => {
      const daemon = await startDaemon(config, { bin: host.bin, env: scenario.env });
      daemons.push(daemon);
      return daemon;
    };

    // Before the reset: started working, then stopped working; the notifier keeps the last id it showed.
    let daemon = await run();
    let notify = startNotify(daemon.url, config);
    await waitUntil(() => shown('NPU started working') >= 1);
    setScenario('fedora43');
    await waitUntil(() => shown('NPU stopped working') >= 1);
    expect(await daemon.stop()).toMatchObject({ exitCode: 0 });
    await end(notify);
    // Counted once the daemon is gone (a canary pass between a scenario switch and the stop would add one), and
    // the scenario is switched back only then: the next daemon's first pass works, so it is a change.
    const started = shown('NPU started working');
    const stopped = shown('NPU stopped working');
    setScenario('working');

    // status.json is corrupt: the daemon moves it aside and starts a fresh state.
    fs.writeFileSync(path.join(stateDir, 'status.json'), '{ "version": 1, "devices": ');
    daemon = await run();
    notify = startNotify(daemon.url, config);
    await waitUntil(() => shown('NPU started working') > started);
    setScenario('fedora43');
    await waitUntil(() => shown('NPU stopped working') > stopped);
    expect(daemon.lines().some((line) => typeof line.moved_to === 'string')).toBe(true);
    expect(await daemon.stop()).toMatchObject({ exitCode: 0 });
    // Four canary passes of three NPU workers each and two daemon starts: beside a second copy of the suite this took
    // over the default 120 s once. The timeout only guards against a hang.
  }, 300_000);
});
