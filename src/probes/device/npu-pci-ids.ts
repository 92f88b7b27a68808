// PCI identities of the Intel devices the device probe reports.

// Intel's PCI vendor id as sysfs prints it.
export const INTEL_VENDOR_ID = '0x8086';

// Device ids the intel_vpu driver binds (drivers/accel/ivpu/ivpu_drv.h PCI_DEVICE_ID_*), by generation.
export const NPU_PCI_IDS: ReadonlyMap<string, string> = new Map([
  ['0x7d1d', 'Meteor Lake'],
  ['0xad1d', 'Arrow Lake'],
  ['0x643e', 'Lunar Lake'],
  ['0xb03e', 'Panther Lake'],
  ['0xfd3e', 'Wildcat Lake'],
]);

// The NPU generation for a PCI vendor/device pair; null when it is not an Intel NPU.
export function npuGeneration(vendorId: string, deviceId: string): string | null {
  if (vendorId !== INTEL_VENDOR_ID) return null;
  return NPU_PCI_IDS.get(deviceId) ?? null;
}

// Whether a PCI device is an Intel display controller (class 0x03xxxx), i.e. a GPU OpenVINO may target.
export function isIntelGpu(vendorId: string, classCode: number): boolean {
  return vendorId === INTEL_VENDOR_ID && classCode >>> 16 === 0x03;
}

// Whether a PCI device is an Intel processing accelerator (class 0x12xxxx), the class NPUs report.
export function isIntelAccelerator(vendorId: string, classCode: number): boolean {
  return vendorId === INTEL_VENDOR_ID && classCode >>> 16 === 0x12;
}
