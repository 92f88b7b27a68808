import { describe, expect, it } from 'vitest';
import { benchmarkAllowed } from '../../../src/power/battery-gate.js';

describe('benchmarkAllowed', () => {
  it.each([
    [{ batteryDischarging: true, batteryPercent: 18 }, 30, { allowed: false, reason: 'on battery at 18% (below 30%)' }],
    [{ batteryDischarging: true, batteryPercent: 29.5 }, 30, { allowed: false, reason: 'on battery at 29.5% (below 30%)' }],
    [{ batteryDischarging: true, batteryPercent: 30 }, 30, { allowed: true }],
    [{ batteryDischarging: true, batteryPercent: 76 }, 30, { allowed: true }],
    [{ batteryDischarging: false, batteryPercent: 5 }, 30, { allowed: true }],
    [{ batteryDischarging: true, batteryPercent: null }, 30, { allowed: true }],
    [{ batteryDischarging: false, batteryPercent: null }, 30, { allowed: true }],
  ])('%j with minimum %i% → %j', (sample, minPercent, expected) => {
    expect(benchmarkAllowed(sample, minPercent)).toEqual(expected);
  });
});
