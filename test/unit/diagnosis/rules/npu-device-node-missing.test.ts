import { describe, expect, it } from 'vitest';
import { npuDeviceNodeMissing } from '../../../../src/diagnosis/rules/npu-device-node-missing.js';
import { lunarLakeNpu, seedFacts } from '../canary-fixtures.js';

describe('npu-device-node-missing', () => {
  it('fires when the bound driver created no accel node', () => {
    const d = npuDeviceNodeMissing.diagnose(seedFacts(null, { device: { npus: [lunarLakeNpu({ node: null })], gpus: [] } }));
    expect(d?.evidence).toEqual(['Lunar Lake NPU (8086:643e) at 0000:00:0b.0 is bound to intel_vpu but has no accel node']);
  });

  it('does not fire when /dev/accel/accel0 exists', () => {
    expect(npuDeviceNodeMissing.diagnose(seedFacts(null))).toBeNull();
  });
});
