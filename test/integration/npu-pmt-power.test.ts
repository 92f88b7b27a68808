import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CheckReport, DeviceEntry } from '../../src/report/check-report.js';
import { eventually, runCli, startDaemon, writeFixtureConfig } from '../helpers/cli.js';
import { fakeRuntimeToml, fakeScenario } from '../helpers/fake-runtime.js';
import { materializeHost, type MaterializedHost } from '../helpers/host-fixture.js';
import { addPmtRegion, LUNAR_LAKE_PMT, OTHER_PMT, type PmtRegion } from '../helpers/pmt-fixture.js';

// The NPU's own energy (Intel PMT telemetry) through the real CLI, worker and daemon: the fake NPU draws 4.0 W of
// package power while it decodes, 1.5 W of which its own PMT counter counts (test/fixtures/fake-openvino/power.mjs).
// The telem layout is Lunar Lake's as intel-npu-smi reads it (test/helpers/pmt-fixture.ts names the source).
const PACKAGE_WATTS = 4.0;
const NPU_WATTS = 1.5;

let host: MaterializedHost;
let region: PmtRegion;
beforeAll(async () => {
  host = await materializeHost('fedora43-lunarlake');
  await addPmtRegion(host.paths.sysfs, 0, OTHER_PMT, 50);
  // The counter's wrap is checked where the window's edges are known (test/unit/power/sampler.test.ts): here the
  // NPU's work before the decode (compile, prefill) takes a time a busy machine decides.
  region = await addPmtRegion(host.paths.sysfs, 1, LUNAR_LAKE_PMT, 1000);
});
afterAll(() => host.cleanup());

const params = () => ({
  power_sysfs: host.paths.sysfs,
  npu_watts: PACKAGE_WATTS,
  npu_pmt: { telem: region.telem, offset: LUNAR_LAKE_PMT.energyOffset, units_per_joule: LUNAR_LAKE_PMT.unitsPerJoule, watts: NPU_WATTS },
});
const toml = () => `${fakeRuntimeToml({ benchmark: true })}\n[power]\nbaseline_seconds = 0.2\n`;

const near = (value: number | undefined, expected: number) => Math.abs((value ?? NaN) - expected) / expected;

describe('check: NPU watts and NPU joules per token beside the package', () => {
  it('--json: the npu domain at the known 1.5 W, and its joules per token over the same window and tokens', async () => {
    const scenario = await fakeScenario('working', params());
    const config = await writeFixtureConfig(host.paths, toml());
    const result = await runCli(['check', '--json', '--config', config, '--device', 'NPU', '--device', 'CPU'], { bin: host.bin, env: scenario.env });
    const report = JSON.parse(result.stdout) as CheckReport;
    const device = (name: string) => report.devices.find((d) => d.device === name) as DeviceEntry;
    const benchmark = device('NPU').benchmark!;
    const power = benchmark.power!;
    expect(near(power.watts['package-0'], PACKAGE_WATTS)).toBeLessThan(0.02);
    expect(near(power.watts.npu, NPU_WATTS)).toBeLessThan(0.02);
    // The NPU idled at 0 W during the baseline: all of it is above idle.
    expect(power.watts_above_baseline.npu).toBeCloseTo(power.watts.npu!, 9);
    const tokens = benchmark.generated_tokens * benchmark.repetitions;
    expect(near(power.npu_joules_per_token!, (power.watts.npu! * power.seconds) / tokens)).toBeLessThan(1e-9);
    expect(power.npu_joules_per_token!).toBeLessThan(power.joules_per_token!);
    // The CPU's benchmark does not read the NPU's counter.
    expect(device('CPU').benchmark!.power!.watts.npu).toBeUndefined();
    expect(device('CPU').benchmark!.power!.npu_joules_per_token).toBeNull();
  });

  it('the table says it too, as the fake runtime\'s figure', async () => {
    const scenario = await fakeScenario('working', params());
    const config = await writeFixtureConfig(host.paths, toml());
    const result = await runCli(['check', '--config', config, '--device', 'NPU'], { bin: host.bin, env: scenario.env });
    const line = result.stdout.split('\n').find((text) => text.trim().startsWith('power:'));
    expect(line, result.stdout).toMatch(/package-0 4\.0 W .*, npu \(PMT\) 1\.5 W \(\+1\.5 W over idle\), .* J\/token, NPU \d+\.\d{3} J\/token, NPU busy \d+%/);
    expect(line).toContain('[fake runtime: a test result, not a measurement]');
  });
});

describe('daemon: /metrics', () => {
  it('exports the npu domain and the NPU joules per token with the labels of the package figures', async () => {
    const scenario = await fakeScenario('working', params());
    const config = await writeFixtureConfig(host.paths, `${toml()}\n[schedule]\ncanary = "0 0 1 1 *"\n\n[http]\nlisten = "127.0.0.1:0"\n`);
    const daemon = await startDaemon(config, { bin: host.bin, env: scenario.env });
    try {
      const value = (text: string, series: string) => {
        const line = text.split('\n').find((candidate) => candidate.startsWith(`${series} `));
        return line === undefined ? undefined : Number(line.slice(series.length + 1));
      };
      const scrape = await eventually(async () => {
        const text = await (await fetch(`${daemon.url}/metrics`)).text();
        return text.includes('npuwatch_benchmark_npu_energy_joules_per_token{') ? text : undefined;
      }, 'the NPU benchmark on /metrics');
      const model = /npuwatch_benchmark_energy_joules_per_token\{runtime="openvino-node",device="NPU",model="([^"]+)"\}/.exec(scrape)?.[1];
      expect(model).toBeDefined();
      const npuWatts = value(scrape, 'npuwatch_benchmark_power_watts{runtime="openvino-node",device="NPU",domain="npu"}');
      expect(near(npuWatts, NPU_WATTS)).toBeLessThan(0.02);
      const npuPerToken = value(scrape, `npuwatch_benchmark_npu_energy_joules_per_token{runtime="openvino-node",device="NPU",model="${model}"}`);
      const packagePerToken = value(scrape, `npuwatch_benchmark_energy_joules_per_token{runtime="openvino-node",device="NPU",model="${model}"}`);
      // Both over the same decode window and tokens: their ratio is the watts'.
      expect(near(npuPerToken! / packagePerToken!, NPU_WATTS / PACKAGE_WATTS)).toBeLessThan(0.03);
      expect(scrape).not.toMatch(/npuwatch_benchmark_npu_energy_joules_per_token\{runtime="openvino-node",device="CPU"/);
    } finally {
      await daemon.stop();
    }
  });
});
