import { describeNpu } from '../evidence.js';
import { kernelFailureEvidence, kernelLogRead } from '../kernel-evidence.js';
import type { DiagnosisRule } from '../types.js';

// npu-device-node-missing: the driver is bound but created no /dev/accel node.
export const npuDeviceNodeMissing: DiagnosisRule = {
  id: 'npu-device-node-missing',
  scope: 'host',
  diagnose(facts) {
    const npu = facts.device?.npus[0];
    if (!npu || npu.driver === null || npu.node !== null) return null;
    const kernel = kernelFailureEvidence(facts);
    const look =
      kernel.length > 0
        ? "The kernel's intel_vpu failure lines above say why the driver did not initialise"
        : kernelLogRead(facts)
          ? 'The kernel logged no intel_vpu firmware or probe failure this boot (npu-watch read its log): reload intel_vpu (`sudo modprobe -r intel_vpu && sudo modprobe intel_vpu`) and check again'
          : 'Check `dmesg | grep intel_vpu` for a firmware or probe failure';
    return {
      id: 'npu-device-node-missing',
      summary: 'NPU driver bound but no /dev/accel device node',
      evidence: [`${describeNpu(npu)} is bound to ${npu.driver} but has no accel node`, ...kernel],
      next_step: `${look}; the node appears when the driver initialises.`,
    };
  },
};
