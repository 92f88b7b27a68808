import { describe, expect, it } from 'vitest';
import type { DeviceVerdict } from '../../../src/canary/canary-pass.js';
import { diagnose } from '../../../src/diagnosis/diagnose.js';
import { duration } from '../../../src/diagnosis/kernel-evidence.js';
import type { Diagnosis } from '../../../src/diagnosis/types.js';
import { readKnownFailureFixture } from '../../helpers/known-failure-fixture.js';
import { journalMessage } from '../../helpers/kernel-journal.js';
import { KERNEL_LOG_START, device, judged, kernelLogOf, passes, rejects, seedFacts, seedPass } from './canary-fixtures.js';

// ivpu_pm.c ivpu_pm_recovery_work()'s format string with ivpu_err()'s prefix (known-failures/npu-recovery-after-hang.txt
// keeps the format strings): composed, not captured.
const RESET = (n: number) => `intel_vpu 0000:00:0b.0: [drm] *ERROR* ivpu_pm_recovery_work(): Recovering the NPU (reset #${n})`;
// The thread's DEVICE_LOST at inference, verbatim (test/fixtures/known-failures/npu-device-lost-at-inference.txt).
const DEVICE_LOST = readKnownFailureFixture('npu-device-lost-at-inference').lines;
const MMU_FAULT = journalMessage(readKnownFailureFixture('npu-mmu-translation-fault').lines.at(-1)!);

// The NPU's inference ending in DEVICE_LOST, its run finished `finishedAt`; the CPU control passes.
function deviceLostAt(finishedAt: number | null): DeviceVerdict[] {
  return judged(device('NPU', rejects('NPU', DEVICE_LOST.join('\n'), { stage: 'infer' })), device('CPU', passes('CPU'))).map((verdict) =>
    verdict.device === 'NPU' ? { ...verdict, canary: { ...verdict.canary, finished_at: finishedAt === null ? null : new Date(finishedAt).toISOString() } } : verdict,
  );
}

const found = (diagnoses: Diagnosis[], id: string) => diagnoses.find((d) => d.id === id);

describe('kernel lines as evidence, with their times', () => {
  // KERNEL_LOG_START is 10:02:00 local time; kernelLogOf logs one line a second.
  const lines = ['intel_vpu 0000:00:0b.0: enabling device (0000 -> 0002)', ...Array(13).fill('intel_vpu 0000:00:0b.0: [drm] Scheduler mode: OS'), RESET(1)];

  it('says when the kernel reset the NPU and how long before the canary failed', () => {
    const verdicts = deviceLostAt(KERNEL_LOG_START + 14_000 + 3_400);
    const signature = verdicts[0]!.canary.signature;
    // The README's example line.
    expect(signature).toBe('ZE_RESULT_ERROR_DEVICE_LOST 0x70000001 zero_utils.hpp:21');
    const diagnosis = found(diagnose(seedFacts(verdicts, { kernel_log: kernelLogOf(lines) })), 'npu-recovery-after-hang');
    expect(diagnosis?.summary).toBe('The kernel log matches a known failure: the NPU hung and the intel_vpu kernel driver reset it (a recovery some kernels cannot complete)');
    expect(diagnosis?.evidence[0]).toBe(`kernel: ${RESET(1)} at 10:02:14, 3 s before the NPU canary failed with ${signature}`);
  });

  it('says how long after the canary a line came, and quotes the latest of several matching lines', () => {
    const verdicts = judged(device('NPU', passes('NPU')), device('CPU', passes('CPU'))).map((verdict) => ({
      ...verdict,
      canary: { ...verdict.canary, finished_at: new Date(KERNEL_LOG_START - 5 * 60_000).toISOString() },
    }));
    const log = kernelLogOf([RESET(1), MMU_FAULT, RESET(2)]);
    const diagnoses = diagnose(seedFacts(verdicts, { kernel_log: log }));
    expect(found(diagnoses, 'npu-recovery-after-hang')?.evidence[0]).toBe(`kernel: ${RESET(2)} at 10:02:02, 5 min after the NPU canary passed (the latest of 2 such lines this boot)`);
    expect(found(diagnoses, 'npu-mmu-translation-fault')?.evidence[0]).toBe(`kernel: ${MMU_FAULT} at 10:02:01, 5 min after the NPU canary passed`);
  });

  it('gives the time alone when the canary has no end time (none ran, or it was skipped)', () => {
    const diagnosis = found(diagnose(seedFacts(deviceLostAt(null), { kernel_log: kernelLogOf([RESET(1)]) })), 'npu-recovery-after-hang');
    expect(diagnosis?.evidence[0]).toBe(`kernel: ${RESET(1)} at 10:02:00`);
    const noCanary = found(diagnose(seedFacts(null, { kernel_log: kernelLogOf([RESET(1)]) })), 'npu-recovery-after-hang');
    expect(noCanary?.evidence[0]).toBe(`kernel: ${RESET(1)} at 10:02:00`);
  });

  it('says "as" for a line within a second of the canary\'s end', () => {
    const verdicts = deviceLostAt(KERNEL_LOG_START + 400);
    const diagnosis = found(diagnose(seedFacts(verdicts, { kernel_log: kernelLogOf([RESET(1)]) })), 'npu-recovery-after-hang');
    expect(diagnosis?.evidence[0]).toBe(`kernel: ${RESET(1)} at 10:02:00, as the NPU canary failed with ${verdicts[0]!.canary.signature}`);
  });

  it('writes distances in seconds, minutes, then hours and minutes', () => {
    expect([duration(3_400), duration(119_999), duration(120_000), duration(2 * 3_600_000 + 5 * 60_000 + 59_000)]).toEqual(['3 s', '119 s', '2 min', '2 h 5 min']);
  });
});

describe('a kernel line alone does not hide what the canary did', () => {
  it("a reset earlier in the boot is told beside the seed's compiler crash, not instead of it", () => {
    const withoutKernel = diagnose(seedFacts(seedPass(), { kernel_log: kernelLogOf([]) })).map((d) => d.id);
    expect(withoutKernel).toContain('npu-driver-compiler-fails');
    const ids = diagnose(seedFacts(seedPass(), { kernel_log: kernelLogOf([RESET(1)]) })).map((d) => d.id);
    expect(ids).toEqual(expect.arrayContaining(['npu-recovery-after-hang', 'npu-driver-compiler-fails']));
  });

  it("a known failure met in the canary's own text still stands for the generic rules", () => {
    const verdicts = judged(device('NPU', rejects('NPU', DEVICE_LOST.join('\n'), { stage: 'infer' })), device('CPU', passes('CPU')));
    const ids = diagnose(seedFacts(verdicts, { kernel_log: kernelLogOf([]) })).map((d) => d.id);
    expect(ids).toContain('npu-device-lost-at-inference');
    expect(ids).not.toContain('npu-canary-fails');
  });
});
