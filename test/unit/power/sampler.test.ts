import fs from 'node:fs/promises';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { Clock } from '../../../src/host/clock.js';
import { createNoDataNotice } from '../../../src/power/no-data-notice.js';
import { discoverRaplZones } from '../../../src/power/rapl.js';
import { powerWindow, samplePower } from '../../../src/power/sampler.js';
import { materializeHost, type MaterializedHost } from '../../helpers/host-fixture.js';
import { addPmtRegion, LUNAR_LAKE_PMT, OTHER_PMT, setNpuEnergy } from '../../helpers/pmt-fixture.js';
import { captureLogger } from '../../helpers/probe-context.js';

const MAX_RANGE = 262143328850;

let hosts: MaterializedHost[] = [];
afterEach(async () => {
  await Promise.all(hosts.map((host) => host.cleanup()));
  hosts = [];
});

// A clock whose monotonic time is whatever the test last set, in seconds.
function manualClock(): Clock & { set(seconds: number): void } {
  let ms = 0;
  return { now: () => 1_700_000_000_000 + ms, monotonic: () => ms, set: (seconds) => { ms = seconds * 1000; } };
}

// The seed laptop with helpers that move its counters the way the hardware would.
async function lunarLake() {
  const host = await materializeHost('fedora43-lunarlake');
  hosts.push(host);
  const npuDeviceDir = path.join(host.paths.sysfs, 'bus/pci/devices/0000:00:0b.0');
  const write = (file: string, value: number) => fs.writeFile(file, `${value}\n`);
  return {
    host,
    npuDeviceDir,
    energy: (zone: string, uj: number) => write(path.join(host.paths.sysfs, 'class/powercap', zone, 'energy_uj'), uj),
    busy: (us: number) => write(path.join(npuDeviceDir, 'npu_busy_time_us'), us),
  };
}

describe('samplePower', () => {
  it('reads RAPL, the battery and npu_busy_time_us of the seed laptop at the clock time', async () => {
    const { host, npuDeviceDir } = await lunarLake();
    const clock = manualClock();
    clock.set(12.5);
    expect(await samplePower(host.paths, clock, { npuDeviceDir })).toEqual({
      at: 12.5,
      energyUj: { 'package-0': 187423958421, psys: 241788094116, 'package-0/core': 93814422071, 'package-0/uncore': 4120587319 },
      batteryWatts: 6.843,
      batteryPercent: 76,
      batteryDischarging: true,
      npuBusyTimeUs: 48213,
      npuEnergy: null,
    });
  });

  it('gives empty energy and tells onNoData, logged once, when the host has no RAPL', async () => {
    const { host } = await lunarLake();
    await fs.rm(path.join(host.paths.sysfs, 'class/powercap'), { recursive: true });
    const { log, lines } = captureLogger();
    const onNoData = createNoDataNotice(log);
    for (let i = 0; i < 3; i += 1) {
      const sample = await samplePower(host.paths, manualClock(), { onNoData });
      expect(sample.energyUj).toEqual({});
      expect(sample.npuBusyTimeUs).toBeNull();
    }
    expect(lines.map((line) => [line.level, line.msg])).toEqual([
      [40, expect.stringMatching(/^power: no RAPL energy data: no intel-rapl zones under /)],
    ]);
  });
});

describe('a known power, end to end through the sysfs tree', () => {
  it('measures exactly 4.0 W on package-0 over 2 s, across a counter wrap, above a 1.5 W idle baseline', async () => {
    const { host, npuDeviceDir, energy, busy } = await lunarLake();
    const zones = await discoverRaplZones(host.paths);
    const clock = manualClock();
    const sample = () => samplePower(host.paths, clock, { npuDeviceDir });
    const nearWrap = MAX_RANGE - 3_000_000;

    // Idle baseline, 1 s: package-0 1.5 W, psys 6 W, NPU idle.
    clock.set(100);
    await energy('intel-rapl:0', nearWrap - 1_500_000);
    await energy('intel-rapl:1', 50_000_000);
    await busy(48_213);
    const baselineStart = await sample();
    clock.set(101);
    await energy('intel-rapl:0', nearWrap);
    await energy('intel-rapl:1', 56_000_000);
    const baselineEnd = await sample();

    // Decode, 2 s, 64 tokens: package-0 8 J (wrapping past max_energy_range_uj), psys 20 J, NPU busy 1.5 s.
    const windowStart = baselineEnd;
    clock.set(103);
    await energy('intel-rapl:0', 5_000_000);
    await energy('intel-rapl:1', 76_000_000);
    await busy(48_213 + 1_500_000);
    const windowEnd = await sample();

    const result = powerWindow(baselineStart, baselineEnd, windowStart, windowEnd, 64, zones);
    expect(result.seconds).toBe(2);
    expect(result.watts['package-0']).toBeCloseTo(4.0, 2);
    expect(Math.abs(result.watts['package-0']! - 4.0)).toBeLessThan(0.01);
    expect(result.watts.psys).toBeCloseTo(10.0, 6);
    expect(result.watts_above_baseline['package-0']).toBeCloseTo(2.5, 6);
    expect(result.watts_above_baseline.psys).toBeCloseTo(4.0, 6);
    // The fixture's sub-zones and battery did not move: 0 W, nothing above baseline.
    expect(result.watts['package-0/core']).toBe(0);
    expect(result.watts.battery).toBeCloseTo(6.843, 6);
    expect(result.watts_above_baseline.battery).toBe(0);
    expect(result.joules_per_token).toBeCloseTo(8 / 64, 9);
    expect(result.npu_busy_ratio).toBeCloseTo(0.75, 9);
  });
});

describe("the NPU's own energy from PMT telemetry", () => {
  it('is read only when asked for: the NPU benchmark', async () => {
    const { host } = await lunarLake();
    await addPmtRegion(host.paths.sysfs, 1, LUNAR_LAKE_PMT, 1234.5);
    expect((await samplePower(host.paths, manualClock())).npuEnergy).toBeNull();
    expect((await samplePower(host.paths, manualClock(), { npuEnergy: true })).npuEnergy).toEqual({ joules: 1234.5, rangeJoules: 2 ** 18 });
  });

  it('measures 1.5 W of the NPU and its joules per token beside the package, across the counter\'s wrap', async () => {
    const { host, energy } = await lunarLake();
    await addPmtRegion(host.paths.sysfs, 0, OTHER_PMT, 77);
    const region = await addPmtRegion(host.paths.sysfs, 1, LUNAR_LAKE_PMT);
    const zones = await discoverRaplZones(host.paths);
    const clock = manualClock();
    const sample = () => samplePower(host.paths, clock, { npuEnergy: true });
    const nearWrap = 2 ** 18 - 1;

    // Idle baseline, 1 s: package-0 1.5 W, the NPU 0.25 W.
    clock.set(100);
    await energy('intel-rapl:0', 10_000_000);
    await setNpuEnergy(region, nearWrap - 0.25);
    const baselineStart = await sample();
    clock.set(101);
    await energy('intel-rapl:0', 11_500_000);
    await setNpuEnergy(region, nearWrap);
    const baselineEnd = await sample();

    // Decode, 2 s, 64 tokens: package-0 8 J, the NPU 3 J of them (its counter wrapping past 2^18 J).
    clock.set(103);
    await energy('intel-rapl:0', 19_500_000);
    await setNpuEnergy(region, nearWrap + 3);
    const windowEnd = await sample();

    const result = powerWindow(baselineStart, baselineEnd, baselineEnd, windowEnd, 64, zones);
    expect(windowEnd.npuEnergy!.joules).toBe(2);
    expect(result.watts.npu).toBe(1.5);
    expect(result.watts_above_baseline.npu).toBe(1.25);
    expect(result.npu_joules_per_token).toBe(3 / 64);
    expect(result.joules_per_token).toBeCloseTo(8 / 64, 9);
  });

  it('without PMT, or with no region of a known GUID, has none and says why once', async () => {
    const { host } = await lunarLake();
    const { log, lines } = captureLogger();
    const onNpuEnergyNoData = createNoDataNotice(log, 'NPU energy (PMT)');
    const sample = () => samplePower(host.paths, manualClock(), { npuEnergy: true, onNpuEnergyNoData });
    for (let i = 0; i < 2; i += 1) expect((await sample()).npuEnergy).toBeNull();
    await addPmtRegion(host.paths.sysfs, 0, OTHER_PMT, 77);
    for (let i = 0; i < 2; i += 1) expect((await sample()).npuEnergy).toBeNull();
    const classDir = path.join(host.paths.sysfs, 'class/intel_pmt');
    expect(lines.map((line) => [line.level, line.msg])).toEqual([
      [40, `power: no NPU energy (PMT) data: no PMT telemetry under ${classDir} (not an Intel platform with PMT, ` +
        'or the intel_pmt_telemetry module is not loaded)'],
      [40, `power: no NPU energy (PMT) data: no PMT telemetry region under ${classDir} has a GUID with a known NPU ` +
        'energy register (found 0xabcd0001; known: 0x130670b2, 0x1306a0b3, 0x1306a0b2, 0x1306a0b4, 0x3072005, 0x3086000, 0x308d000)'],
    ]);
  });
});
