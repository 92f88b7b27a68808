import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startDaemon, writeFixtureConfig, type RunningDaemon } from '../helpers/cli.js';
import { fakeRuntimeToml, fakeScenario } from '../helpers/fake-runtime.js';
import { landRpmUpdate, materializeHost, type MaterializedHost } from '../helpers/host-fixture.js';

// A driver update that lands while a canary is running must not wait for the next scheduled canary (a day
// away here): the running canary may have loaded the old driver, so one more runs right after it.
describe('a driver update that lands while a canary runs', () => {
  let host: MaterializedHost;
  let daemon: RunningDaemon | null = null;

  beforeAll(async () => {
    host = await materializeHost('fedora43-lunarlake');
  });
  afterAll(async () => {
    await daemon?.stop();
    await host?.cleanup();
  });

  it('is checked by one more canary right after the running one', async () => {
    // Every NPU compile hangs: each canary pass lasts 2 × (3 s stage limit + 1 s grace), time for the
    // 1-second probes to see the update while it runs.
    const { env } = await fakeScenario('hang');
    const config = await writeFixtureConfig(
      host.paths,
      `${fakeRuntimeToml({ stageTimeout: 3, devices: ['NPU'] })}
[schedule]
probes = "* * * * * *"
canary = "0 0 1 1 *"
updates = "0 0 1 1 *"

[http]
listen = "127.0.0.1:0"
`,
    );
    daemon = await startDaemon(config, { bin: host.bin, env });
    const running = daemon;
    const messages = () => running.lines().map((line) => String(line.msg));
    const passStarts = () => messages().filter((msg) => msg === 'canary: NPU').length;
    const passEnds = () => messages().filter((msg) => msg.startsWith('canary NPU: ')).length;

    await running.waitForLine((line) => line.msg === 'canary: NPU');
    await landRpmUpdate(host, 'intel-npu-driver', '1.17.0', '1.fc43');
    // Seen while the first pass still runs: queued, not skipped.
    await running.waitForLine((line) => line.msg === 'canary is running; it runs again once this run ends', 10_000);
    const queuedAt = messages().indexOf('canary is running; it runs again once this run ends');
    expect(messages().findIndex((msg) => msg.startsWith('canary NPU: '))).toBe(-1);
    expect(running.lines().findIndex((line) => line.event === 'component_changed' && line.component === 'intel-npu-driver')).toBeLessThan(queuedAt);

    await running.waitForLine((line) => String(line.msg).startsWith('canary NPU: timeout'), 30_000);
    await running.waitForLine(() => passStarts() === 2, 10_000);
    await running.waitForLine(() => passEnds() === 2, 30_000);
    // Exactly one extra pass: nothing else asked for one. A third pass queued during the second would start
    // in the same turn of the daemon's event loop that logged the second one's end (serial-job.ts), so any
    // line the daemon logs later shows whether it did. The sentinel: a second update, landed now, seen by a
    // later probe pass.
    await landRpmUpdate(host, 'intel-level-zero', '25.35.35096.9', '1.fc43');
    await running.waitForLine((line) => line.event === 'component_changed' && line.component === 'intel-level-zero', 30_000);
    const before = messages().slice(0, running.lines().findIndex((line) => line.event === 'component_changed' && line.component === 'intel-level-zero'));
    expect(before.filter((msg) => msg === 'canary: NPU')).toHaveLength(2);
    expect(before.filter((msg) => msg === 'canary is running; it runs again once this run ends')).toHaveLength(1);
    expect(messages()).not.toContain('canary is still running; this scheduled run is skipped');
  }, 90_000);
});
