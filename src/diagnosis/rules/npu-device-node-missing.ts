import { describeNpu } from '../evidence.js';
import type { DiagnosisRule } from '../types.js';

// npu-device-node-missing: the driver is bound but created no /dev/accel node.
export const npuDeviceNodeMissing: DiagnosisRule = {
  id: 'npu-device-node-missing',
  scope: 'host',
  diagnose(facts) {
    const npu = facts.device?.npus[0];
    if (!npu || npu.driver === null || npu.node !== null) return null;
    return {
      id: 'npu-device-node-missing',
      summary: 'NPU driver bound but no /dev/accel device node',
      evidence: [`${describeNpu(npu)} is bound to ${npu.driver} but has no accel node`],
      next_step: 'Check `dmesg | grep intel_vpu` for a firmware or probe failure; the node appears when the driver initialises.',
    };
  },
};
