import { describe, expect, it } from 'vitest';
import { npuFirmwareMissing } from '../../../../src/diagnosis/rules/npu-firmware-missing.js';
import { SEED_COMPONENTS, inventoryOf, seedFacts } from '../canary-fixtures.js';

const withoutFirmware = SEED_COMPONENTS.filter((c) => c.component !== 'npu-firmware');

describe('npu-firmware-missing', () => {
  it('fires when the inventory found no firmware file and no firmware load', () => {
    const d = npuFirmwareMissing.diagnose(seedFacts(null, { inventory: inventoryOf(withoutFirmware) }));
    expect(d?.evidence).toEqual([
      'no intel/vpu/vpu_*.bin under the firmware root and no firmware load in the kernel log for Lunar Lake NPU (8086:643e) at 0000:00:0b.0',
    ]);
  });

  it('does not fire when the kernel log shows a firmware load, nor when the inventory failed', () => {
    expect(npuFirmwareMissing.diagnose(seedFacts(null))).toBeNull();
    expect(npuFirmwareMissing.diagnose(seedFacts(null, { inventory: null }))).toBeNull();
  });
});
