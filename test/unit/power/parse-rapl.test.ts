import { describe, expect, it } from 'vitest';
import {
  energyDeltaUj,
  parseEnergyUj,
  parseMaxEnergyRangeUj,
  parseRaplName,
  parseRaplZoneId,
  raplDomain,
} from '../../../src/power/parse-rapl.js';

// What Intel parts report in max_energy_range_uj (the 32-bit counter in 61 µJ units).
const MAX_RANGE = 262143328850;

describe('parseRaplZoneId', () => {
  it.each([
    ['intel-rapl:0', { index: 0, parentIndex: null }],
    ['intel-rapl:1', { index: 1, parentIndex: null }],
    ['intel-rapl:0:1', { index: 1, parentIndex: 0 }],
    ['intel-rapl:12:3', { index: 3, parentIndex: 12 }],
  ])('reads %s', (entry, id) => {
    expect(parseRaplZoneId(entry)).toEqual(id);
  });

  it.each(['intel-rapl', 'intel-rapl-mmio:0', 'intel-rapl-mmio:0:0', 'dtpm', 'intel-rapl:0:0:0', 'intel-rapl:x'])(
    'skips %s',
    (entry) => {
      expect(parseRaplZoneId(entry)).toBeNull();
    },
  );
});

describe('domain names', () => {
  it('prefixes sub-zones with their parent', () => {
    expect(raplDomain('package-0', null)).toBe('package-0');
    expect(raplDomain('core', 'package-0')).toBe('package-0/core');
    expect(raplDomain('psys', null)).toBe('psys');
  });

  it('parses name files and rejects empty ones, naming the file', () => {
    expect(parseRaplName('package-0\n', 'z/name')).toBe('package-0');
    expect(() => parseRaplName('\n', 'z/name')).toThrow('z/name: expected a zone name like "package-0", got "\\n"');
  });
});

describe('counter values', () => {
  it('parses energy_uj and max_energy_range_uj as sysfs prints them', () => {
    expect(parseEnergyUj('187423958421\n', 'z/energy_uj')).toBe(187423958421);
    expect(parseMaxEnergyRangeUj('262143328850\n', 'z/max_energy_range_uj')).toBe(MAX_RANGE);
  });

  it.each(['', 'abc\n', '-5\n', '12.5\n', '99999999999999999999\n'])('rejects energy_uj %j, naming the file', (text) => {
    expect(() => parseEnergyUj(text, '/sys/class/powercap/intel-rapl:0/energy_uj')).toThrow(
      /^\/sys\/class\/powercap\/intel-rapl:0\/energy_uj: expected a non-negative integer, got /,
    );
  });

  it('rejects a zero wrap range', () => {
    expect(() => parseMaxEnergyRangeUj('0\n', 'z/max_energy_range_uj')).toThrow(
      'z/max_energy_range_uj: expected a positive energy range in µJ, got "0"',
    );
  });
});

describe('energyDeltaUj', () => {
  it('subtracts when the counter did not wrap', () => {
    expect(energyDeltaUj(1_000_000, 9_000_000, MAX_RANGE)).toBe(8_000_000);
    expect(energyDeltaUj(5, 5, MAX_RANGE)).toBe(0);
  });

  it('undoes one wrap near max_energy_range_uj', () => {
    expect(energyDeltaUj(MAX_RANGE - 3_000_000, 5_000_000, MAX_RANGE)).toBe(8_000_000);
    expect(energyDeltaUj(MAX_RANGE - 1, 0, MAX_RANGE)).toBe(1);
  });

  it('refuses to guess a wrap without a range', () => {
    expect(() => energyDeltaUj(10, 5, 0)).toThrow(RangeError);
  });
});
