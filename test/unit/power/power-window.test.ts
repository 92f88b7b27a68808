import { describe, expect, it } from 'vitest';
import { averageWatts, energyJoules, npuJoules, powerWindow } from '../../../src/power/power-window.js';
import type { PowerSample, RaplZone } from '../../../src/power/types.js';

const MAX_RANGE = 262143328850;
const zone = (domain: string): RaplZone => ({ domain, dir: `/sys/class/powercap/${domain}`, maxEnergyRangeUj: MAX_RANGE });
const ZONES = ['package-0', 'package-0/core', 'psys'].map(zone);

function sample(at: number, energyUj: Record<string, number>, extra: Partial<PowerSample> = {}): PowerSample {
  return { at, energyUj, batteryWatts: null, batteryPercent: null, batteryDischarging: false, npuBusyTimeUs: null, npuEnergy: null, ...extra };
}

describe('energyJoules and averageWatts', () => {
  it('undo a wrap and leave out domains missing from either end', () => {
    const start = sample(0, { 'package-0': MAX_RANGE - 1_000_000, psys: 10 });
    const end = sample(2, { 'package-0': 3_000_000, 'package-0/core': 7 });
    expect(energyJoules(start, end, ZONES)).toEqual({ 'package-0': 4 });
    expect(averageWatts(start, end, ZONES)).toEqual({ 'package-0': 2 });
  });

  it('average the battery only when it discharged at both ends', () => {
    const onBattery = { batteryWatts: 6, batteryDischarging: true };
    expect(averageWatts(sample(0, {}, onBattery), sample(1, {}, { ...onBattery, batteryWatts: 8 }), ZONES)).toEqual({ battery: 7 });
    expect(averageWatts(sample(0, {}, onBattery), sample(1, {}), ZONES)).toEqual({});
  });

  it('give nothing for an empty or backwards window', () => {
    expect(averageWatts(sample(5, { 'package-0': 1 }), sample(5, { 'package-0': 2 }), ZONES)).toEqual({});
  });
});

describe('powerWindow', () => {
  const baselineStart = sample(0, { 'package-0': 0, 'package-0/core': 0, psys: 0 }, { npuBusyTimeUs: 100 });
  const baselineEnd = sample(1, { 'package-0': 3_000_000, 'package-0/core': 1_000_000, psys: 9_000_000 }, { npuBusyTimeUs: 100 });

  it('floors watts above baseline at 0 and takes joules per token from package-0', () => {
    const windowEnd = sample(5, { 'package-0': 19_000_000, 'package-0/core': 1_400_000, psys: 45_000_000 }, { npuBusyTimeUs: 100 + 2_000_000 });
    expect(powerWindow(baselineStart, baselineEnd, baselineEnd, windowEnd, 32, ZONES)).toEqual({
      seconds: 4,
      watts: { 'package-0': 4, 'package-0/core': 0.1, psys: 9 },
      watts_above_baseline: { 'package-0': 1, 'package-0/core': 0, psys: 0 },
      joules_per_token: 0.5,
      npu_joules_per_token: null,
      npu_busy_ratio: 0.5,
    });
  });

  it('falls back to psys, then the battery, for joules per token', () => {
    const psysOnly = [sample(0, { psys: 0 }), sample(2, { psys: 20_000_000 })] as const;
    expect(powerWindow(...psysOnly, ...psysOnly, 10, ZONES).joules_per_token).toBe(2);
    const battery = [sample(0, {}, { batteryWatts: 5, batteryDischarging: true }), sample(2, {}, { batteryWatts: 7, batteryDischarging: true })] as const;
    expect(powerWindow(...battery, ...battery, 4, []).joules_per_token).toBe(3);
    const nothing = [sample(0, {}), sample(2, {})] as const;
    expect(powerWindow(...nothing, ...nothing, 4, ZONES).joules_per_token).toBeNull();
  });

  it('has no joules per token without tokens', () => {
    expect(powerWindow(baselineStart, baselineEnd, baselineStart, baselineEnd, 0, ZONES).joules_per_token).toBeNull();
  });

  it('clamps the busy ratio to 1 and gives null when the counter is missing or went backwards', () => {
    const window = (before: number | null, after: number | null) =>
      powerWindow(baselineStart, baselineEnd, sample(10, {}, { npuBusyTimeUs: before }), sample(11, {}, { npuBusyTimeUs: after }), 1, ZONES);
    expect(window(0, 1_000_300).npu_busy_ratio).toBe(1);
    expect(window(0, 0).npu_busy_ratio).toBe(0);
    expect(window(null, 5).npu_busy_ratio).toBeNull();
    expect(window(900, 5).npu_busy_ratio).toBeNull();
  });
});

// The NPU's own counter as the PMT parser gives it: U32.18.14 joules wrapping after 2^18 J (parse-pmt.ts).
const npu = (joules: number) => ({ npuEnergy: { joules, rangeJoules: 2 ** 18 } });

describe('the NPU\'s own energy (PMT) in the window', () => {
  it('gives NPU watts above its idle and NPU joules per token beside the package\'s', () => {
    const baseline = [sample(0, { 'package-0': 0 }, npu(100)), sample(1, { 'package-0': 3_000_000 }, npu(100.25))] as const;
    const window = [sample(1, { 'package-0': 3_000_000 }, npu(100.25)), sample(5, { 'package-0': 19_000_000 }, npu(106.25))] as const;
    const result = powerWindow(...baseline, ...window, 32, ZONES);
    expect(result.watts).toEqual({ 'package-0': 4, npu: 1.5 });
    expect(result.watts_above_baseline).toEqual({ 'package-0': 1, npu: 1.25 });
    expect(result.joules_per_token).toBe(0.5);
    expect(result.npu_joules_per_token).toBe(6 / 32);
  });

  it('undoes a wrap of the 32-bit counter', () => {
    expect(npuJoules(sample(0, {}, npu(2 ** 18 - 1)), sample(2, {}, npu(3)))).toBe(4);
  });

  it('has none without a reading at both ends, and none for a counter that restarted', () => {
    expect(npuJoules(sample(0, {}), sample(2, {}, npu(3)))).toBeNull();
    expect(npuJoules(sample(0, {}, npu(3)), sample(2, {}))).toBeNull();
    // 2^18 J - 100 J + 3 J in 2 s is no NPU: the counter went back to near 0 (a reset), not round once.
    expect(npuJoules(sample(0, {}, npu(100)), sample(2, {}, npu(3)))).toBeNull();
    const window = powerWindow(sample(0, {}), sample(1, {}), sample(1, {}, npu(100)), sample(3, {}, npu(3)), 8, ZONES);
    expect(window.watts).toEqual({});
    expect(window.npu_joules_per_token).toBeNull();
  });

  it('has no NPU joules per token without tokens', () => {
    const window = [sample(1, {}, npu(1)), sample(3, {}, npu(2))] as const;
    expect(powerWindow(...window, ...window, 0, ZONES).npu_joules_per_token).toBeNull();
  });
});
