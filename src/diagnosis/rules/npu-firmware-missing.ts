import { npuIpGeneration } from '../../probes/device/npu-pci-ids.js';
import { ivpuFirmwareNames } from '../../probes/inventory/ivpu-firmware-names.js';
import { NPU_DRIVER_RELEASES, describeNpu } from '../evidence.js';
import type { DiagnosisRule } from '../types.js';

const FIRMWARE_COMPONENT = 'firmware:';

// npu-firmware-missing: none of the firmware names intel_vpu requests for this NPU's IP generation
// (drivers/accel/ivpu/ivpu_fw.c fw_names[], by ivpu_hw_ip_gen()) is on the kernel's firmware search path, and this
// boot's kernel log shows no firmware load. Another generation's vpu_*.bin does not count: Lunar Lake (40xx)
// cannot boot Meteor Lake's (37xx) image. The inventory lists a `firmware:<name>` component for each name the
// kernel's loader would find (plain, .zst or .xz, anywhere on the path).
export const npuFirmwareMissing: DiagnosisRule = {
  id: 'npu-firmware-missing',
  scope: 'host',
  diagnose(facts) {
    const npu = facts.device?.npus[0];
    const inventory = facts.inventory;
    if (!npu || npu.driver === null || inventory === null) return null;
    const ip = npuIpGeneration(npu.deviceId);
    if (ip === null) return null;
    if (inventory.components.some((c) => c.component === 'npu-firmware')) return null;
    const names = ivpuFirmwareNames(ip);
    const found = inventory.components.filter((c) => c.component.startsWith(FIRMWARE_COMPONENT));
    if (found.some((c) => names.includes(c.component.slice(FIRMWARE_COMPONENT.length)))) return null;
    const searchPath = inventory.firmware ? ` (${inventory.firmware.searchPath.join(', ')})` : '';
    const evidence = [
      `${describeNpu(npu)} is a ${ip} NPU: intel_vpu requests ${names.join(', then ')} (each plain, .zst or .xz); none is on the firmware search path${searchPath}`,
      'no firmware load in this boot’s kernel log',
    ];
    const others = found.filter((c) => c.component.startsWith(`${FIRMWARE_COMPONENT}intel/vpu/`));
    if (others.length > 0) {
      evidence.push(`NPU firmware found for other generations only: ${others.map((c) => c.detail ?? c.component.slice(FIRMWARE_COMPONENT.length)).join(', ')}`);
    }
    return {
      id: 'npu-firmware-missing',
      summary: `No firmware for this ${npu.generation} NPU`,
      evidence,
      next_step:
        `Install the NPU firmware that provides ${names[0]} (Fedora: intel-vpu-firmware; Ubuntu: linux-firmware, or intel-fw-npu ` +
        `from ${NPU_DRIVER_RELEASES}) and reboot.`,
    };
  },
};
