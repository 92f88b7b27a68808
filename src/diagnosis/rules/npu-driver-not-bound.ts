import { describeNpu } from '../evidence.js';
import type { DiagnosisRule } from '../types.js';

// npu-driver-not-bound: the NPU is on the bus with no driver; node and firmware cannot be judged without one.
export const npuDriverNotBound: DiagnosisRule = {
  id: 'npu-driver-not-bound',
  scope: 'host',
  suppresses: ['npu-device-node-missing', 'npu-device-node-not-accessible', 'npu-firmware-missing'],
  diagnose(facts) {
    const npu = facts.device?.npus[0];
    if (!npu || npu.driver !== null) return null;
    return {
      id: 'npu-driver-not-bound',
      summary: 'NPU present but no driver bound to it',
      evidence: [`${describeNpu(npu)} has no driver`],
      next_step: 'Load the driver with `modprobe intel_vpu` (kernel 6.3+ with CONFIG_DRM_ACCEL_IVPU) and check `dmesg | grep intel_vpu`.',
    };
  },
};
