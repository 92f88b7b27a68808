import { describe, expect, it } from 'vitest';
import { noNpuOnPciBus } from '../../../../src/diagnosis/rules/no-npu-on-pci-bus.js';
import { seedFacts } from '../canary-fixtures.js';

describe('no-npu-on-pci-bus', () => {
  it('fires when the device probe found no NPU, naming the ids it looked for', () => {
    const d = noNpuOnPciBus.diagnose(seedFacts(null, { device: { npus: [], gpus: [] } }));
    expect(d?.evidence).toEqual(['no PCI device with vendor 8086 and an NPU device id (7d1d, ad1d, 643e, b03e, fd3e, d71d)']);
  });

  it('does not fire on the seed machine, nor when the device probe failed', () => {
    expect(noNpuOnPciBus.diagnose(seedFacts(null))).toBeNull();
    expect(noNpuOnPciBus.diagnose(seedFacts(null, { device: null }))).toBeNull();
  });
});
