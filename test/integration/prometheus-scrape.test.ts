import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eventually, startDaemon, writeFixtureConfig, type RunningDaemon } from '../helpers/cli.js';
import { materializeHost, type MaterializedHost } from '../helpers/host-fixture.js';
import { startPrometheus, type RunningPrometheus } from '../helpers/prometheus.js';

describe('a real Prometheus scraping the daemon (Fedora host)', () => {
  let host: MaterializedHost;
  let daemon: RunningDaemon;
  let prometheus: RunningPrometheus;
  beforeAll(async () => {
    host = await materializeHost('fedora43-lunarlake');
    const config = await writeFixtureConfig(host.paths, '\n[http]\nlisten = "127.0.0.1:0"\n');
    daemon = await startDaemon(config, { bin: host.bin });
    prometheus = await startPrometheus(new URL(daemon.url).host);
  }, 120_000);
  afterAll(async () => {
    await prometheus?.stop();
    await daemon?.stop();
    await host?.cleanup();
  });

  it('the target is up and its API returns our series with their labels', async () => {
    const up = await eventually(async () => {
      const result = await prometheus.query('up{job="npu-watch"}');
      return result[0]?.value[1] === '1' ? result : undefined;
    }, 'the npu-watch target to be up');
    expect(up).toHaveLength(1);
    const driver = await eventually(async () => {
      const result = await prometheus.query('npuwatch_component_info{component="intel-npu-driver"}');
      return result.length > 0 ? result : undefined;
    }, 'npuwatch_component_info');
    expect(driver.map((r) => r.metric.version)).toEqual(['1.16.0-1.fc44']);
    const present = await prometheus.query('npuwatch_device_present{device="NPU"}');
    expect(present[0]?.value[1]).toBe('1');
    const updates = await eventually(async () => {
      const result = await prometheus.query('npuwatch_component_update_available == 1');
      return result.length > 0 ? result : undefined;
    }, 'an update to be offered');
    expect(updates.map((r) => r.metric.component)).toEqual(['intel-npu-driver']);
    const failing = await prometheus.query('npuwatch_probe_success == 0');
    expect(failing).toEqual([]);
  });
});
