import type { DiagnosisRule } from '../types.js';

const UDEV_RULE = 'SUBSYSTEM=="accel", KERNEL=="accel*", GROUP="render", MODE="0660"';

// npu-device-node-not-accessible: the /dev/accel node exists but this user cannot open it read-write.
export const npuDeviceNodeNotAccessible: DiagnosisRule = {
  id: 'npu-device-node-not-accessible',
  scope: 'host',
  diagnose(facts) {
    const npu = facts.device?.npus[0];
    const node = npu?.node;
    if (!npu || npu.driver === null || !node || node.accessible) return null;
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
  },
};
