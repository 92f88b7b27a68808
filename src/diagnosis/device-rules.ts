import type { DeviceReport, NpuDevice } from '../probes/device/types.js';
import type { Inventory } from '../probes/inventory/types.js';
import type { Diagnosis } from './types.js';

// What a probe pass established about the host; null where that probe failed.
export interface HostFacts {
  device: DeviceReport | null;
  inventory: Inventory | null;
}

const UDEV_RULE = 'SUBSYSTEM=="accel", KERNEL=="accel*", GROUP="render", MODE="0660"';

// Rules about the NPU's hardware, driver, device node and firmware, first failing link first.
export function diagnoseDevice(facts: HostFacts): Diagnosis[] {
  if (facts.device === null) return [];
  const npu = facts.device.npus[0];
  if (!npu) return [noNpu()];
  if (npu.driver === null) return [driverNotBound(npu)];
  const found: Diagnosis[] = [];
  if (npu.node === null) found.push(nodeMissing(npu));
  else if (!npu.node.accessible) found.push(nodeNotAccessible(npu));
  const firmware = facts.inventory?.components.filter(
    (c) => c.component === 'npu-firmware' || c.component.startsWith('firmware:intel/vpu/'),
  );
  if (firmware && firmware.length === 0) found.push(firmwareMissing(npu));
  return found;
}

function describe(npu: NpuDevice): string {
  return `${npu.generation} NPU (${npu.vendorId.replace('0x', '')}:${npu.deviceId.replace('0x', '')}) at ${npu.pciAddress}`;
}

function noNpu(): Diagnosis {
  return {
    id: 'no-npu-on-pci-bus',
    summary: 'No Intel NPU on the PCI bus',
    evidence: ['no PCI device with vendor 8086 and an NPU device id (7d1d, ad1d, 643e, b03e, fd3e)'],
    next_step: 'This machine has no NPU (Meteor Lake or newer has one); OpenVINO can still use the CPU and GPU.',
  };
}

function driverNotBound(npu: NpuDevice): Diagnosis {
  return {
    id: 'npu-driver-not-bound',
    summary: 'NPU present but no driver bound to it',
    evidence: [`${describe(npu)} has no driver`],
    next_step: 'Load the driver with `modprobe intel_vpu` (kernel 6.3+ with CONFIG_DRM_ACCEL_IVPU) and check `dmesg | grep intel_vpu`.',
  };
}

function nodeMissing(npu: NpuDevice): Diagnosis {
  return {
    id: 'npu-device-node-missing',
    summary: 'NPU driver bound but no /dev/accel device node',
    evidence: [`${describe(npu)} is bound to ${npu.driver} but has no accel node`],
    next_step: 'Check `dmesg | grep intel_vpu` for a firmware or probe failure; the node appears when the driver initialises.',
  };
}

function nodeNotAccessible(npu: NpuDevice): Diagnosis {
  const node = npu.node!;
  const group = node.group ?? String(node.gid);
  return {
    id: 'npu-device-node-not-accessible',
    summary: `${node.path} is not readable and writable by npu-watch's user`,
    evidence: [
      `${node.path} is mode ${node.mode}, group ${group}`,
      node.inOwningGroup ? `this user is in group ${group}` : `this user is not in group ${group}`,
    ],
    next_step: `Add a udev rule (${UDEV_RULE}) and add the user to the render group (\`usermod -aG render USER\`), then log in again.`,
  };
}

function firmwareMissing(npu: NpuDevice): Diagnosis {
  return {
    id: 'npu-firmware-missing',
    summary: 'No NPU firmware found',
    evidence: [`no intel/vpu/vpu_*.bin under the firmware root and no firmware load in the kernel log for ${describe(npu)}`],
    next_step: 'Install the NPU firmware (Fedora: intel-vpu-firmware; Ubuntu: linux-firmware or intel-fw-npu) and reboot.',
  };
}
