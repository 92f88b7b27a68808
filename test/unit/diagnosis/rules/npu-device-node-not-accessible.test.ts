import { describe, expect, it } from 'vitest';
import { npuDeviceNodeNotAccessible } from '../../../../src/diagnosis/rules/npu-device-node-not-accessible.js';
import { lunarLakeNpu, seedFacts } from '../canary-fixtures.js';

const rootOnly = { path: '/dev/accel/accel0', accessible: false, mode: '0600', uid: 0, gid: 0, group: 'root', inOwningGroup: false };

describe('npu-device-node-not-accessible', () => {
  it('fires when the node is not readable and writable, with its mode, group and the udev rule', () => {
    const d = npuDeviceNodeNotAccessible.diagnose(seedFacts(null, { device: { npus: [lunarLakeNpu({ node: rootOnly })], gpus: [] } }));
    expect(d?.summary).toBe("/dev/accel/accel0 is not readable and writable by npu-watch's user");
    expect(d?.evidence).toEqual(['/dev/accel/accel0 is mode 0600, group root', 'this user is not in group root']);
    expect(d?.next_step).toContain('SUBSYSTEM=="accel", KERNEL=="accel*", GROUP="render", MODE="0660"');
  });

  it('does not fire when the node is 0660 render and this user is in render', () => {
    expect(npuDeviceNodeNotAccessible.diagnose(seedFacts(null))).toBeNull();
  });
});
