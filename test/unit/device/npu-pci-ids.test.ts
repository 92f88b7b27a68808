import { describe, expect, it } from 'vitest';
import { formatPermissionBits } from '../../../src/probes/device/accel-node.js';
import { isIntelAccelerator, isIntelGpu, npuGeneration, npuIpGeneration } from '../../../src/probes/device/npu-pci-ids.js';

describe('npuGeneration', () => {
  it.each([
    ['0x7d1d', 'Meteor Lake'],
    ['0xad1d', 'Arrow Lake'],
    ['0x643e', 'Lunar Lake'],
    ['0xb03e', 'Panther Lake'],
    ['0xfd3e', 'Wildcat Lake'],
    ['0xd71d', 'Nova Lake'],
  ])('knows intel_vpu device %s as %s', (deviceId, generation) => {
    expect(npuGeneration('0x8086', deviceId)).toBe(generation);
  });

  // ivpu_hw_ip_gen() (drivers/accel/ivpu/ivpu_drv.h) decides which firmware names the driver requests.
  it.each([
    ['0x7d1d', '37xx'],
    ['0xad1d', '37xx'],
    ['0x643e', '40xx'],
    ['0xb03e', '50xx'],
    ['0xfd3e', '50xx'],
    ['0xd71d', '60xx'],
  ])('gives device %s the IP generation %s', (deviceId, ip) => {
    expect(npuIpGeneration(deviceId)).toBe(ip);
  });

  it('is null for other Intel devices and for other vendors with an NPU device id', () => {
    expect(npuGeneration('0x8086', '0x64a0')).toBeNull();
    expect(npuGeneration('0x10de', '0x643e')).toBeNull();
  });
});

describe('class checks', () => {
  it('counts Intel display controllers (class 0x03xxxx) as GPUs', () => {
    expect(isIntelGpu('0x8086', 0x030000)).toBe(true);
    expect(isIntelGpu('0x8086', 0x038000)).toBe(true);
    expect(isIntelGpu('0x8086', 0x120000)).toBe(false);
    expect(isIntelGpu('0x8086', 0x0c0330)).toBe(false);
    expect(isIntelGpu('0x1002', 0x030000)).toBe(false);
  });

  it('counts Intel processing accelerators (class 0x12xxxx)', () => {
    expect(isIntelAccelerator('0x8086', 0x120000)).toBe(true);
    expect(isIntelAccelerator('0x8086', 0x030000)).toBe(false);
  });
});

describe('formatPermissionBits', () => {
  it('prints the permission bits of a stat mode as 4 octal digits', () => {
    expect(formatPermissionBits(0o020660)).toBe('0660');
    expect(formatPermissionBits(0o100600)).toBe('0600');
    expect(formatPermissionBits(0o104755)).toBe('4755');
  });
});
