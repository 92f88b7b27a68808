import { describe, expect, it } from 'vitest';
import { npuDeviceNodeMissing } from '../../../../src/diagnosis/rules/npu-device-node-missing.js';
import { readFileSync } from 'node:fs';
import { kernelLogOf, lunarLakeNpu, seedFacts } from '../canary-fixtures.js';

describe('npu-device-node-missing', () => {
  it('fires when the bound driver created no accel node', () => {
    const d = npuDeviceNodeMissing.diagnose(seedFacts(null, { device: { npus: [lunarLakeNpu({ node: null })], gpus: [] } }));
    expect(d?.evidence).toEqual(['Lunar Lake NPU (8086:643e) at 0000:00:0b.0 is bound to intel_vpu but has no accel node']);
  });

  it('does not fire when /dev/accel/accel0 exists', () => {
    expect(npuDeviceNodeMissing.diagnose(seedFacts(null))).toBeNull();
  });

  it("quotes the kernel's failed firmware request and probe with their times, not the loader's fallback", () => {
    // intel/linux-npu-driver#93's fallback, then dantmnf/zenbook-s14-ux5406sa-linux#6's failed probe (test/fixtures/kernel-logs).
    const lines = (file: string) =>
      readFileSync(new URL(`../../../fixtures/kernel-logs/${file}`, import.meta.url), 'utf8')
        .split('\n')
        .filter((line) => line !== '' && !line.startsWith('#'))
        .map((line) => line.replace(/^\[\s*[\d.]+\] /, '').replace(/^\S+ kernel: /, ''));
    const fallback = lines('arrow-lake-debian-fallback.dmesg.txt');
    const failed = lines('lunar-lake-no-firmware.journal.txt');
    const noNode = { device: { npus: [lunarLakeNpu({ node: null })], gpus: [] } };
    const d = npuDeviceNodeMissing.diagnose(seedFacts(null, { ...noNode, kernel_log: kernelLogOf([...fallback, ...failed]) }));
    // One line a second from 10:02:00: the fallback's 6 lines, then enabling device, the request, the warning, the probe.
    expect(d?.evidence.slice(1)).toEqual([`kernel: ${failed[1]} at 10:02:07`, `kernel: ${failed[3]} at 10:02:09`]);
    expect(d?.next_step).toBe("The kernel's intel_vpu failure lines above say why the driver did not initialise; the node appears when the driver initialises.");
    const fallbackOnly = npuDeviceNodeMissing.diagnose(seedFacts(null, { ...noNode, kernel_log: kernelLogOf(fallback) }));
    expect(fallbackOnly?.evidence).toHaveLength(1);
    expect(fallbackOnly?.next_step).toContain('The kernel logged no intel_vpu firmware or probe failure this boot');
  });
});
