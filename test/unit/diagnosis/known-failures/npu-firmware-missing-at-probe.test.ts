import fs from 'node:fs';
import { describe, expect, it } from 'vitest';
import { diagnose } from '../../../../src/diagnosis/diagnose.js';
import { device, judged, kernelLogOf, notStarted, passes, seedFacts } from '../canary-fixtures.js';

// Kernel logs in which a failed firmware lookup is NOT the NPU's state, verbatim from their threads
// (test/fixtures/known-failures/not-failures/, same header format as the knowledge base's fixtures).
function kernelLog(name: string): string[] {
  const text = fs.readFileSync(new URL(`../../../fixtures/known-failures/not-failures/${name}.txt`, import.meta.url), 'utf8');
  const separator = text.indexOf('\n---\n');
  if (separator === -1) throw new Error(`${name}.txt: no "---" line between the header and the text`);
  return text.slice(separator + 5).replace(/\n$/, '').split('\n');
}

const diagnosedIds = (kernel_log: string[], npuWorks: boolean) =>
  diagnose(
    seedFacts(
      judged(npuWorks ? device('NPU', passes('NPU')) : notStarted('NPU', 'device_missing', 'no /dev/accel node for the NPU'), device('CPU', passes('CPU'))),
      { kernel_log: kernelLogOf(kernel_log) },
    ),
  ).map((d) => d.id);

describe('npu-firmware-missing-at-probe', () => {
  it('is not diagnosed when the driver tried other firmware names first and then loaded one (intel/linux-npu-driver#93)', () => {
    expect(diagnosedIds(kernelLog('firmware-fallback-then-loaded'), true)).not.toContain('npu-firmware-missing-at-probe');
  });

  it('is not diagnosed when a later load of the driver found the firmware (nixos-hardware#1358: before, then after the fix)', () => {
    expect(diagnosedIds(kernelLog('firmware-missing-then-loaded'), true)).not.toContain('npu-firmware-missing-at-probe');
  });

  it('is diagnosed when the failed probe is the last word of the kernel log (the same post, before the fix)', () => {
    const beforeTheFix = kernelLog('firmware-missing-then-loaded').filter((line) => line.includes('03:10:51'));
    expect(diagnosedIds(beforeTheFix, false)).toContain('npu-firmware-missing-at-probe');
  });
});
