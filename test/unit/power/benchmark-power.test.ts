import { afterEach, describe, expect, it } from 'vitest';
import { createBenchmarkPower } from '../../../src/canary/benchmark-power.js';
import { parseConfig } from '../../../src/config.js';
import { materializeHost, type MaterializedHost } from '../../helpers/host-fixture.js';
import { captureLogger } from '../../helpers/probe-context.js';

let hosts: MaterializedHost[] = [];
afterEach(async () => {
  await Promise.all(hosts.map((host) => host.cleanup()));
  hosts = [];
});

describe('the benchmark power baseline', () => {
  it('a stop during the idle baseline ends its wait at once and leaves no power figures', async () => {
    const host = await materializeHost('fedora43-lunarlake');
    hosts.push(host);
    const { sysfs, procfs, dev, firmware } = host.paths;
    // A minute-long baseline (the most the config allows), longer than the test timeout: an unended wait fails it.
    const config = parseConfig(`[power]\nbaseline_seconds = 60\n\n[paths]\nsysfs = "${sysfs}"\nprocfs = "${procfs}"\ndev = "${dev}"\nfirmware = "${firmware}"\n`, 'power.toml');
    const stop = new AbortController();
    const { log, lines } = captureLogger();
    // The stop comes once the baseline's first sample is read (samples read the clock), i.e. during its wait.
    const clock = { now: () => 0, monotonic: () => (stop.abort('SIGTERM'), 0) };
    const power = createBenchmarkPower(config, null, 'CPU', log, { signal: stop.signal, clock });
    await power.baseline();
    expect(stop.signal.aborted).toBe(true);
    power.onStage('benchmark_decode', 'start');
    power.onStage('benchmark_decode', 'end');
    const report = { generated_tokens: 16, repetitions: 3 } as Parameters<typeof power.window>[0];
    expect(await power.window(report)).toBeNull();
    expect(lines.filter((line) => (line.level as number) >= 40)).toEqual([]);
  });
});

describe("the NPU's own energy around a benchmark", () => {
  // One whole benchmark's sampling on `device`: the gate, the baseline, the decode's start and end.
  async function benchmarkOn(host: MaterializedHost, device: string) {
    const { sysfs, procfs, dev, firmware } = host.paths;
    const config = parseConfig(`[power]\nbaseline_seconds = 0.01\n\n[paths]\nsysfs = "${sysfs}"\nprocfs = "${procfs}"\ndev = "${dev}"\nfirmware = "${firmware}"\n`, 'power.toml');
    const { log, lines } = captureLogger();
    let ms = 0;
    const clock = { now: () => ms, monotonic: () => (ms += 1000) };
    const power = createBenchmarkPower(config, null, device, log, { clock });
    await power.gate();
    await power.baseline();
    power.onStage('benchmark_decode', 'start');
    power.onStage('benchmark_decode', 'end');
    const window = await power.window({ generated_tokens: 16, repetitions: 2 } as Parameters<typeof power.window>[0]);
    const pmtLines = lines.filter((line) => String(line.msg).startsWith('power: no NPU energy (PMT) data: ')).map((line) => line.msg);
    return { window, pmtLines };
  }

  it('without PMT the NPU benchmark has no NPU figures and one log line saying why, however many samples', async () => {
    const host = await materializeHost('fedora43-lunarlake');
    hosts.push(host);
    const { window, pmtLines } = await benchmarkOn(host, 'NPU');
    expect(window?.watts.npu).toBeUndefined();
    expect(window?.npu_joules_per_token).toBeNull();
    expect(window?.watts['package-0']).toBeDefined();
    expect(pmtLines).toEqual([expect.stringContaining('no PMT telemetry under ')]);
  });

  it('another device\'s benchmark does not look for it, and says nothing', async () => {
    const host = await materializeHost('fedora43-lunarlake');
    hosts.push(host);
    const { window, pmtLines } = await benchmarkOn(host, 'CPU');
    expect(window?.npu_joules_per_token).toBeNull();
    expect(pmtLines).toEqual([]);
  });
});
