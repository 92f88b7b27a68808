import { describe, expect, it } from 'vitest';
import { diagnose } from '../../../../src/diagnosis/diagnose.js';
import { npuDriverNotBound } from '../../../../src/diagnosis/rules/npu-driver-not-bound.js';
import { inventoryOf, lunarLakeNpu, seedFacts } from '../canary-fixtures.js';

const unbound = { npus: [lunarLakeNpu({ driver: null, node: null })], gpus: [] };

describe('npu-driver-not-bound', () => {
  it('fires when the NPU has no driver', () => {
    expect(npuDriverNotBound.diagnose(seedFacts(null, { device: unbound }))?.evidence).toEqual(['Lunar Lake NPU (8086:643e) at 0000:00:0b.0 has no driver']);
  });

  it('stops the device chain: no node or firmware diagnosis without a driver', () => {
    expect(diagnose(seedFacts(null, { device: unbound, inventory: inventoryOf([]) })).map((d) => d.id)).toEqual(['npu-driver-not-bound']);
  });

  it('does not fire when intel_vpu is bound', () => {
    expect(npuDriverNotBound.diagnose(seedFacts(null))).toBeNull();
  });
});
