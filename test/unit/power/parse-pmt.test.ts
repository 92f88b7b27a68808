import { describe, expect, it } from 'vitest';
import { npuEnergyDeltaJoules, npuLayoutFor, parseNpuEnergy, parsePmtGuid } from '../../../src/power/parse-pmt.js';
import { LUNAR_LAKE_PMT, METEOR_LAKE_PMT, rawEnergy, TELEM_SIZE, WILDCAT_LAKE_PMT, type PmtPlatform } from '../../helpers/pmt-fixture.js';

// A telem region's bytes with the NPU energy register set as the hardware would (layout: test/helpers/pmt-fixture.ts).
function telem(platform: PmtPlatform, joules: number, size = TELEM_SIZE): Uint8Array {
  const bytes = Buffer.alloc(size, 0xa5);
  bytes.writeUInt32LE(rawEnergy(platform, joules), platform.energyOffset);
  return bytes;
}

describe('parsePmtGuid', () => {
  it('reads the kernel\'s "0x%x" line', () => {
    expect(parsePmtGuid('0x3072005\n', 'telem1/guid')).toBe('0x3072005');
    expect(parsePmtGuid('0x130670B2\n', 'telem1/guid')).toBe('0x130670b2');
  });

  it.each(['', '3072005\n', '0x\n', '0x123456789\n', 'guid\n'])('names the file for %j', (text) => {
    expect(() => parsePmtGuid(text, '/sys/class/intel_pmt/telem1/guid')).toThrow(
      `/sys/class/intel_pmt/telem1/guid: expected a PMT GUID like 0x3072005, got ${JSON.stringify(text)}`,
    );
  });
});

describe('npuLayoutFor', () => {
  it.each([
    ['0x130670b2', 'Meteor Lake', 0x628],
    ['0x1306a0b3', 'Arrow Lake', 0x628],
    ['0x1306a0b2', 'Arrow Lake', 0x628],
    ['0x1306a0b4', 'Arrow Lake', 0x628],
    ['0x3072005', 'Lunar Lake', 0x5d0],
    ['0x3086000', 'Panther Lake', 0x670],
    ['0x308d000', 'Wildcat Lake', 0x670],
  ])('knows %s: %s, energy at 0x%s', (guid, platform, energyOffset) => {
    expect(npuLayoutFor(guid)).toMatchObject({ platform, energyOffset });
  });

  it.each(['0xabcd0001', '0x0', 'toString', '__proto__'])('knows nothing of %s', (guid) => {
    expect(npuLayoutFor(guid)).toBeNull();
  });
});

describe('parseNpuEnergy', () => {
  it('reads the U32.18.14 joules at the platform\'s offset, little-endian', () => {
    const lunar = npuLayoutFor(LUNAR_LAKE_PMT.guid)!;
    expect(parseNpuEnergy(telem(LUNAR_LAKE_PMT, 1234.5), lunar, 'telem')).toEqual({ joules: 1234.5, rangeJoules: 2 ** 18 });
    // 3 + 1/16384 J: the fraction's last bit is kept.
    expect(parseNpuEnergy(telem(LUNAR_LAKE_PMT, 3 + 2 ** -14), lunar, 'telem').joules).toBe(3 + 2 ** -14);
    const meteor = npuLayoutFor(METEOR_LAKE_PMT.guid)!;
    expect(parseNpuEnergy(telem(METEOR_LAKE_PMT, 42.25), meteor, 'telem').joules).toBe(42.25);
  });

  it('scales Wildcat Lake\'s counter by 100, as intel-npu-smi does', () => {
    const wildcat = npuLayoutFor(WILDCAT_LAKE_PMT.guid)!;
    const energy = parseNpuEnergy(telem(WILDCAT_LAKE_PMT, 5000), wildcat, 'telem');
    expect(energy.joules).toBeCloseTo(5000, 9);
    expect(energy.rangeJoules).toBe(2 ** 18 * 100);
  });

  it('names the file and both sizes when the region is too short for the register', () => {
    const lunar = npuLayoutFor(LUNAR_LAKE_PMT.guid)!;
    expect(() => parseNpuEnergy(Buffer.alloc(0x5d3), lunar, '/sys/class/intel_pmt/telem1/telem')).toThrow(
      '/sys/class/intel_pmt/telem1/telem: 1491 bytes, too short for the Lunar Lake NPU energy register at offset 0x5d0 (needs 1492 bytes)',
    );
    expect(parseNpuEnergy(Buffer.alloc(0x5d4), lunar, 'telem').joules).toBe(0);
  });
});

describe('npuEnergyDeltaJoules', () => {
  const at = (joules: number) => ({ joules, rangeJoules: 2 ** 18 });

  it('subtracts, and undoes one wrap of the 32-bit counter', () => {
    expect(npuEnergyDeltaJoules(at(10), at(12.5))).toBe(2.5);
    expect(npuEnergyDeltaJoules(at(2 ** 18 - 1.5), at(0.5))).toBe(2);
    expect(npuEnergyDeltaJoules(at(7), at(7))).toBe(0);
  });
});
