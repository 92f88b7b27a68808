import { describeNpu } from '../evidence.js';
import { kernelFailureEvidence, kernelLogRead } from '../kernel-evidence.js';
import type { DiagnosisRule } from '../types.js';

// npu-driver-not-bound: the NPU is on the bus with no driver; node and firmware cannot be judged without one.
export const npuDriverNotBound: DiagnosisRule = {
  id: 'npu-driver-not-bound',
  scope: 'host',
  suppresses: ['npu-device-node-missing', 'npu-device-node-not-accessible', 'npu-firmware-missing'],
  diagnose(facts) {
    const npu = facts.device?.npus[0];
    if (!npu || npu.driver !== null) return null;
    const kernel = kernelFailureEvidence(facts);
    const check = kernel.length > 0 ? "the kernel's intel_vpu failure lines above say why its probe failed" : kernelLogRead(facts) ? 'check again' : 'check `dmesg | grep intel_vpu`';
    return {
      id: 'npu-driver-not-bound',
      summary: 'NPU present but no driver bound to it',
      evidence: [`${describeNpu(npu)} has no driver`, ...kernel],
      next_step: `Load the driver with \`modprobe intel_vpu\` (kernel 6.3+ with CONFIG_DRM_ACCEL_IVPU) and ${check}.`,
    };
  },
};
