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
