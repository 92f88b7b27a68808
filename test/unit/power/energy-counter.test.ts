import { describe, expect, it } from 'vitest';
import { EnergyCounter } from '../../../src/power/energy-counter.js';
import type { PowerSample, RaplZone } from '../../../src/power/types.js';

const MAX_RANGE = 262143328850;
const ZONES: RaplZone[] = [
  { domain: 'package-0', dir: '/sys/class/powercap/intel-rapl:0', maxEnergyRangeUj: MAX_RANGE },
  { domain: 'psys', dir: '/sys/class/powercap/intel-rapl:1', maxEnergyRangeUj: MAX_RANGE },
];

const sample = (at: number, energyUj: Record<string, number>): PowerSample =>
  ({ at, energyUj, batteryWatts: null, batteryPercent: null, batteryDischarging: false, npuBusyTimeUs: null, npuEnergy: null });

describe('EnergyCounter', () => {
  it('starts from the first sample, then returns joules per domain, across a wrap', () => {
    const counter = new EnergyCounter(ZONES);
    expect(counter.add(sample(0, { 'package-0': MAX_RANGE - 2_000_000, psys: 100 }))).toEqual({});
    expect(counter.add(sample(15, { 'package-0': 1_000_000, psys: 30_000_100 }))).toEqual({ 'package-0': 3, psys: 30 });
    expect(counter.add(sample(30, { 'package-0': 4_500_000, psys: 30_000_100 }))).toEqual({ 'package-0': 3.5, psys: 0 });
    expect(counter.total()).toEqual({ 'package-0': 6.5, psys: 30 });
  });

  it('re-baselines a domain after a gap instead of lumping the gap into one increment', () => {
    const counter = new EnergyCounter(ZONES);
    counter.add(sample(0, { 'package-0': 1_000_000 }));
    expect(counter.add(sample(15, {}))).toEqual({});
    expect(counter.add(sample(30, { 'package-0': 900_000 }))).toEqual({});
    expect(counter.add(sample(45, { 'package-0': 1_200_000 }))).toEqual({ 'package-0': 0.3 });
    expect(counter.total()).toEqual({ 'package-0': 0.3 });
  });

  it('treats a counter reset (implausible wrap) as a new start, and ignores unknown domains', () => {
    const counter = new EnergyCounter(ZONES);
    counter.add(sample(0, { 'package-0': 90_000_000_000, dram: 5 }));
    expect(counter.add(sample(15, { 'package-0': 2_000_000, dram: 10 }))).toEqual({});
    expect(counter.add(sample(30, { 'package-0': 17_000_000 }))).toEqual({ 'package-0': 15 });
  });
});
