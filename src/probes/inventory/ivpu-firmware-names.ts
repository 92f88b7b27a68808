import type { NpuIpGeneration } from '../device/npu-pci-ids.js';

// The firmware names ivpu requests, in the order it tries them, by IP generation: torvalds/linux
// drivers/accel/ivpu/ivpu_fw.c fw_names[] as changed by "accel/ivpu: Use FW names from linux-firmware repo"
// (Cc stable v6.13+) and "accel/ivpu: Add support for Nova Lake's NPU" (60xx). ivpu_fw_request() takes the first
// name firmware_request_nowarn() finds. Kernels before the first patch tried `vpu_37xx.bin` (never released,
// its reviewers say) and then intel/vpu/vpu_37xx_v0.0.bin, which this table also covers. A `firmware=` module
// parameter of intel_vpu replaces the table; it is not read here.
export const IVPU_FIRMWARE_NAMES: readonly { ip: NpuIpGeneration; name: string }[] = [
  { ip: '37xx', name: 'intel/vpu/vpu_37xx_v1.bin' },
  { ip: '37xx', name: 'intel/vpu/vpu_37xx_v0.0.bin' },
  { ip: '40xx', name: 'intel/vpu/vpu_40xx_v1.bin' },
  { ip: '40xx', name: 'intel/vpu/vpu_40xx_v0.0.bin' },
  { ip: '50xx', name: 'intel/vpu/vpu_50xx_v1.bin' },
  { ip: '50xx', name: 'intel/vpu/vpu_50xx_v0.0.bin' },
  { ip: '60xx', name: 'intel/vpu/vpu_60xx_v1.bin' },
];

// The names ivpu requests for one IP generation, in order.
export function ivpuFirmwareNames(ip: NpuIpGeneration): string[] {
  return IVPU_FIRMWARE_NAMES.filter((entry) => entry.ip === ip).map((entry) => entry.name);
}
