import { describeNpu } from '../evidence.js';
import type { DiagnosisRule } from '../types.js';

// npu-firmware-missing: the inventory found neither a firmware file nor a firmware load in the kernel log.
export const npuFirmwareMissing: DiagnosisRule = {
  id: 'npu-firmware-missing',
  diagnose(facts) {
    const npu = facts.device?.npus[0];
    if (!npu || npu.driver === null || facts.inventory === null) return null;
    const firmware = facts.inventory.components.filter((c) => c.component === 'npu-firmware' || c.component.startsWith('firmware:intel/vpu/'));
    if (firmware.length > 0) return null;
    return {
      id: 'npu-firmware-missing',
      summary: 'No NPU firmware found',
      evidence: [`no intel/vpu/vpu_*.bin under the firmware root and no firmware load in the kernel log for ${describeNpu(npu)}`],
      next_step: 'Install the NPU firmware (Fedora: intel-vpu-firmware; Ubuntu: linux-firmware or intel-fw-npu) and reboot.',
    };
  },
};
