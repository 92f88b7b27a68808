import { describe, expect, it } from 'vitest';
import { dischargeWatts, parseBattery, parseCapacity, parseSupplyStatus, type BatteryFiles } from '../../../src/power/parse-battery.js';

const none: BatteryFiles = { dir: 'BAT0', status: null, power_now: null, current_now: null, voltage_now: null, capacity: null };

describe('parseBattery', () => {
  it('reads power_now (µW) while discharging', () => {
    expect(parseBattery({ ...none, status: 'Discharging\n', power_now: '6843000\n', voltage_now: '16452000\n', capacity: '76\n' }))
      .toEqual({ status: 'Discharging', discharging: true, watts: 6.843, percent: 76 });
  });

  it('multiplies current_now (µA) by voltage_now (µV) on gauges without power_now', () => {
    const state = parseBattery({ ...none, status: 'Discharging\n', current_now: '512000\n', voltage_now: '15800000\n', capacity: '18\n' });
    expect(state.watts).toBeCloseTo(8.0896, 10);
    expect(state.percent).toBe(18);
  });

  it('takes the magnitude of a negative discharge current', () => {
    expect(parseBattery({ ...none, status: 'Discharging\n', current_now: '-250000\n', voltage_now: '8000000\n' }).watts).toBe(2);
  });

  it('falls back to current × voltage when firmware leaves power_now at 0', () => {
    expect(dischargeWatts(0, 1_000_000, 12_000_000)).toBe(12);
    expect(dischargeWatts(0, null, null)).toBe(0);
    expect(dischargeWatts(null, 1_000_000, null)).toBeNull();
  });

  it.each(['Charging', 'Full', 'Not charging', 'Unknown'])('gives no watts when %s', (status) => {
    expect(parseBattery({ ...none, status: `${status}\n`, power_now: '6843000\n', capacity: '100\n' }))
      .toEqual({ status, discharging: false, watts: null, percent: 100 });
  });

  it('treats a missing status as Unknown', () => {
    expect(parseBattery(none)).toEqual({ status: 'Unknown', discharging: false, watts: null, percent: null });
  });
});

describe('attribute parsers', () => {
  it('reject garbage, naming the file', () => {
    expect(() => parseSupplyStatus('Discharge\n', 'BAT0/status')).toThrow(
      'BAT0/status: expected one of Unknown, Charging, Discharging, Not charging, Full, got "Discharge\\n"',
    );
    expect(() => parseCapacity('101\n', 'BAT0/capacity')).toThrow('BAT0/capacity: expected a charge between 0 and 100 %, got 101');
    expect(() => parseBattery({ ...none, status: 'Discharging\n', power_now: '6.8 W\n' })).toThrow(
      'BAT0/power_now: expected an integer, got "6.8 W\\n"',
    );
  });
});
