import fsp from 'node:fs/promises';
import { afterEach, describe, expect, it } from 'vitest';
import { startDaemon, writeFixtureConfig, type RunningDaemon } from '../helpers/cli.js';
import { fakeRuntimeToml, fakeScenario } from '../helpers/fake-runtime.js';
import { landDpkgUpdate, landRpmUpdate, materializeHost, rpmDatabaseDir, writeDpkgStatus, writeRpmDatabase, type MaterializedHost } from '../helpers/host-fixture.js';
import { waitUntil } from '../helpers/wait.js';

// Every schedule set so it does not come round during the test: only the first pass at start-up runs on its
// own, so anything later is the change watch's doing.
const NEVER = '0 0 1 1 *';

// A driver update lands (`dnf upgrade` rewrites rpm's database): the daemon runs the inventory and a canary on
// the new version at once, without waiting for the schedule, and once per update.
describe('a package update seen in seconds', () => {
  let host: MaterializedHost | null = null;
  let daemon: RunningDaemon | null = null;

  afterEach(async () => {
    await daemon?.stop();
    await host?.cleanup();
    daemon = null;
    host = null;
  });

  const start = async (hostName = 'fedora43-lunarlake') => {
    host = await materializeHost(hostName);
    const config = await writeFixtureConfig(
      host.paths,
      `${fakeRuntimeToml({ devices: ['NPU'] })}
[schedule]
probes = "${NEVER}"
canary = "${NEVER}"
updates = "${NEVER}"

[watch]
debounce_seconds = 0.5

[http]
listen = "127.0.0.1:0"
`,
    );
    return { host, config };
  };

  // The latest /metrics, and its values by series name with labels, e.g. 'npuwatch_canary_runs_total{runtime="openvino-node",device="NPU"}'.
  const metrics = async (running: RunningDaemon) => {
    const text = await (await fetch(`${running.url}/metrics`)).text();
    const series = new Map<string, string>();
    for (const line of text.split('\n')) {
      if (line.startsWith('#') || line === '') continue;
      const at = line.lastIndexOf(' ');
      series.set(line.slice(0, at), line.slice(at + 1));
    }
    return series;
  };
  const poll = async <T>(running: RunningDaemon, check: (series: Map<string, string>) => T | undefined | false) => {
    for (;;) {
      const value = check(await metrics(running));
      if (value) return value;
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  };
  const runs = (series: Map<string, string>) => Number(series.get('npuwatch_canary_runs_total{runtime="openvino-node",device="NPU"}') ?? 0);
  const driver = (version: string) => `npuwatch_component_info{component="intel-npu-driver",version="${version}"}`;

  it('runs the canary on the new driver at once, and only once for one update', async () => {
    // The seed laptop's crash until the update; the runtime works with it.
    const scenario = await fakeScenario('fedora43');
    const { host: fixture, config } = await start();
    // rpm's database is there from the start: the watch is on the directory itself.
    await writeRpmDatabase(fixture);
    daemon = await startDaemon(config, { bin: fixture.bin, env: scenario.env });
    const running = daemon;
    const first = await poll(running, (s) => runs(s) === 1 && s);
    expect(first.get(driver('1.16.0-1.fc44'))).toBe('1');
    expect(first.get('npuwatch_canary_success{runtime="openvino-node",device="NPU"}')).toBe('0');

    await fsp.writeFile(scenario.file, JSON.stringify({ scenario: 'working' }));
    await landRpmUpdate(fixture, 'intel-npu-driver', '1.17.0', '1.fc43');
    const second = await poll(running, (s) => runs(s) === 2 && s.get('npuwatch_canary_success{runtime="openvino-node",device="NPU"}') === '1' && s);
    expect(second.get(driver('1.17.0-1.fc43'))).toBe('1');
    expect(second.has(driver('1.16.0-1.fc44'))).toBe(false);
    expect(running.lines().some((line) => line.event === 'host_changed' && JSON.stringify(line.sources) === '["rpm database"]')).toBe(true);

    // Once: a second update is the sentinel. Had the first one run the canary twice, the second canary run would
    // have come before this update was seen, and the count when its canary ends would be 4.
    await landRpmUpdate(fixture, 'intel-level-zero', '25.35.35096.9', '1.fc43');
    await running.waitForLine((line) => line.event === 'component_changed' && line.component === 'intel-level-zero', 60_000);
    const third = await poll(running, (s) => runs(s) >= 3 && s);
    const ends = () => running.lines().filter((line) => String(line.msg).startsWith('canary NPU: ')).length;
    await waitUntil(() => ends() >= 3);
    expect(runs(third)).toBe(3);
    expect(running.lines().filter((line) => line.msg === 'canary: NPU')).toHaveLength(3);
    // Nothing of this waited for a schedule.
    expect(running.lines().some((line) => String(line.msg).includes('scheduled run'))).toBe(false);
  }, 120_000);

  it('watches a package database that does not exist yet, and sees it created', async () => {
    const scenario = await fakeScenario('working');
    const { host: fixture, config } = await start();
    await expect(fsp.access(rpmDatabaseDir(fixture))).rejects.toThrow();
    daemon = await startDaemon(config, { bin: fixture.bin, env: scenario.env });
    const running = daemon;
    await poll(running, (s) => runs(s) === 1);

    // The first update creates usr/lib/sysimage/rpm (and usr/ itself) on the fixture host.
    await landRpmUpdate(fixture, 'intel-npu-driver', '1.17.0', '1.fc43');
    const after = await poll(running, (s) => runs(s) === 2 && s);
    expect(after.get(driver('1.17.0-1.fc43'))).toBe('1');
    // No watch failure was logged for the missing directory.
    expect(running.lines().filter((line) => String(line.msg).startsWith('cannot watch'))).toEqual([]);
  }, 120_000);

  it("sees an apt upgrade through dpkg's status file, replaced by rename as dpkg writes it", async () => {
    const scenario = await fakeScenario('working');
    const { host: fixture, config } = await start('ubuntu2404-meteorlake');
    await writeDpkgStatus(fixture);
    daemon = await startDaemon(config, { bin: fixture.bin, env: scenario.env });
    const running = daemon;
    const compiler = (version: string) => `npuwatch_component_info{component="intel-driver-compiler-npu",version="${version}"}`;
    const first = await poll(running, (s) => runs(s) === 1 && s);
    expect(first.get(compiler('1.10.0.20241107-11729849322'))).toBe('1');

    await landDpkgUpdate(fixture, 'intel-driver-compiler-npu', '1.13.0.20250131-13074932693');
    const second = await poll(running, (s) => runs(s) === 2 && s);
    expect(second.get(compiler('1.13.0.20250131-13074932693'))).toBe('1');
    expect(running.lines().some((line) => line.event === 'host_changed' && JSON.stringify(line.sources) === '["dpkg status"]')).toBe(true);

    // The watch followed the renamed-over file: a second update is seen too.
    await landDpkgUpdate(fixture, 'intel-level-zero-npu', '1.13.0.20250131-13074932693');
    const third = await poll(running, (s) => runs(s) === 3 && s);
    expect(third.get('npuwatch_component_info{component="intel-level-zero-npu",version="1.13.0.20250131-13074932693"}')).toBe('1');
  }, 120_000);
});
