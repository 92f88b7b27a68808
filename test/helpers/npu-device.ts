import type { NpuDevice } from '../../src/probes/device/types.js';

// The seed's Lunar Lake NPU as the device probe sees it.
export function lunarLakeNpu(overrides: Partial<NpuDevice> = {}): NpuDevice {
  return {
    pciAddress: '0000:00:0b.0',
    vendorId: '0x8086',
    deviceId: '0x643e',
    generation: 'Lunar Lake',
    revision: '0x04',
    driver: 'intel_vpu',
    driverVersion: null,
    node: { path: '/dev/accel/accel0', accessible: true, mode: '0660', uid: 0, gid: 105, group: 'render', inOwningGroup: true },
    attributes: { busyTimeUs: 0, currentFrequencyMhz: 0, maxFrequencyMhz: 1950, memoryUtilizationBytes: 0, schedMode: 'HW', runtimeStatus: 'suspended' },
    ...overrides,
  };
}
