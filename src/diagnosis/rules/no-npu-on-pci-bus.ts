import { INTEL_VENDOR_ID, NPU_PCI_IDS } from '../../probes/device/npu-pci-ids.js';
import type { DiagnosisRule } from '../types.js';

const hex = (id: string) => id.replace(/^0x/, '');

// no-npu-on-pci-bus: the device probe found no PCI device with an NPU id; the other device rules have nothing to look at.
export const noNpuOnPciBus: DiagnosisRule = {
  id: 'no-npu-on-pci-bus',
  scope: 'host',
  suppresses: ['npu-driver-not-bound', 'npu-device-node-missing', 'npu-device-node-not-accessible', 'npu-firmware-missing'],
  diagnose(facts) {
    if (facts.device === null || facts.device.npus.length > 0) return null;
    return {
      id: 'no-npu-on-pci-bus',
      summary: 'No Intel NPU on the PCI bus',
      evidence: [`no PCI device with vendor ${hex(INTEL_VENDOR_ID)} and an NPU device id (${[...NPU_PCI_IDS.keys()].map(hex).join(', ')})`],
      next_step: 'This machine has no NPU (Meteor Lake or newer has one); OpenVINO can still use the CPU and GPU.',
    };
  },
};
