// PCI identities of the Intel devices the device probe reports.

// Intel's PCI vendor id as sysfs prints it.
export const INTEL_VENDOR_ID = '0x8086';

// The NPU IP generation ivpu derives from the PCI device id; it picks the firmware names the driver requests.
export type NpuIpGeneration = '37xx' | '40xx' | '50xx' | '60xx';

export interface NpuModel {
  // Marketing name of the platform, e.g. 'Lunar Lake'.
  generation: string;
  ip: NpuIpGeneration;
}

// Device ids the intel_vpu driver binds, by platform, with the IP generation ivpu gives each one.
// torvalds/linux drivers/accel/ivpu/ivpu_drv.h: PCI_DEVICE_ID_MTL 0x7d1d, PCI_DEVICE_ID_ARL 0xad1d,
// PCI_DEVICE_ID_LNL 0x643e, PCI_DEVICE_ID_PTL_P 0xb03e, PCI_DEVICE_ID_WCL 0xfd3e, and ivpu_hw_ip_gen(): MTL/ARL →
// IVPU_HW_IP_37XX, LNL → IVPU_HW_IP_40XX, PTL_P/WCL → IVPU_HW_IP_50XX. Nova Lake: PCI_DEVICE_ID_NVL 0xd71d →
// IVPU_HW_IP_60XX, from "[PATCH] accel/ivpu: Add support for Nova Lake's NPU" (Maciej Falkowski, dri-devel,
// 2025-10-21), which also adds it to ivpu_pci_ids[] (ivpu_drv.c) and fw_names[] (ivpu_fw.c).
export const NPU_PCI_IDS: ReadonlyMap<string, NpuModel> = new Map<string, NpuModel>([
  ['0x7d1d', { generation: 'Meteor Lake', ip: '37xx' }],
  ['0xad1d', { generation: 'Arrow Lake', ip: '37xx' }],
  ['0x643e', { generation: 'Lunar Lake', ip: '40xx' }],
  ['0xb03e', { generation: 'Panther Lake', ip: '50xx' }],
  ['0xfd3e', { generation: 'Wildcat Lake', ip: '50xx' }],
  ['0xd71d', { generation: 'Nova Lake', ip: '60xx' }],
]);

// The NPU generation for a PCI vendor/device pair; null when it is not an Intel NPU.
export function npuGeneration(vendorId: string, deviceId: string): string | null {
  if (vendorId !== INTEL_VENDOR_ID) return null;
  return NPU_PCI_IDS.get(deviceId)?.generation ?? null;
}

// The IP generation of an Intel NPU's PCI device id (ivpu_hw_ip_gen()); null when the id is not an NPU's.
export function npuIpGeneration(deviceId: string): NpuIpGeneration | null {
  return NPU_PCI_IDS.get(deviceId)?.ip ?? null;
}

// Whether a PCI device is an Intel display controller (class 0x03xxxx), i.e. a GPU OpenVINO may target.
export function isIntelGpu(vendorId: string, classCode: number): boolean {
  return vendorId === INTEL_VENDOR_ID && classCode >>> 16 === 0x03;
}

// Whether a PCI device is an Intel processing accelerator (class 0x12xxxx), the class NPUs report.
export function isIntelAccelerator(vendorId: string, classCode: number): boolean {
  return vendorId === INTEL_VENDOR_ID && classCode >>> 16 === 0x12;
}
