import { describe, expect, it } from 'vitest';
import { npuTimeout } from '../../../../src/diagnosis/rules/npu-timeout.js';
import { SEED_CRASH, device, dies, hangs, judged, kernelLogOf, notStarted, passes, seedFacts } from '../canary-fixtures.js';

describe('npu-timeout', () => {
  it('fires with the stage, how long, and dmesg', () => {
    const d = npuTimeout.diagnose(seedFacts(judged(device('NPU', hangs('NPU')), device('CPU', passes('CPU')))));
    expect(d?.summary).toBe('The NPU hung during compile and its worker was killed: likely stuck in the driver');
    expect(d?.evidence[0]).toBe('NPU: timeout during compile after 120.3 s: worker timed out (stage limit) and was killed by SIGKILL during compile');
    expect(d?.next_step).toContain('sudo dmesg | grep -i intel_vpu');
  });

  it('fires when a previous worker is still stuck in the driver', () => {
    const message = 'a previous canary worker (pid 4242) is still stuck in the driver; not starting another';
    const d = npuTimeout.diagnose(seedFacts(judged(notStarted('NPU', 'skipped', message), device('CPU', passes('CPU')))));
    expect(d?.evidence[0]).toBe(`NPU: skipped: ${message}`);
  });

  it('does not fire when the NPU crashes rather than hangs', () => {
    expect(npuTimeout.diagnose(seedFacts(judged(device('NPU', dies('NPU', { stderr: SEED_CRASH })), device('CPU', passes('CPU')))))).toBeNull();
  });
});

describe('npu-timeout with the kernel log read', () => {
  // ivpu_pm.c's format strings with ivpu_err()'s prefix (known-failures/npu-recovery-after-hang.txt keeps the format
  // strings): composed, not captured.
  const TIMEOUT = 'intel_vpu 0000:00:0b.0: [drm] *ERROR* ivpu_job_timeout_work(): Job timeout detected, heartbeat not progressed';
  const RESET = 'intel_vpu 0000:00:0b.0: [drm] *ERROR* ivpu_pm_recovery_work(): Recovering the NPU (reset #1)';
  const hung = () => judged(device('NPU', hangs('NPU')), device('CPU', passes('CPU')));

  it("quotes the driver's timeout and reset with their times instead of sending the user to dmesg", () => {
    const d = npuTimeout.diagnose(seedFacts(hung(), { kernel_log: kernelLogOf(['intel_vpu 0000:00:0b.0: [drm] Scheduler mode: OS', TIMEOUT, RESET]) }));
    // The hanging run has no end time here (a fixture): the time alone.
    expect(d?.evidence.slice(-2)).toEqual([`kernel: ${TIMEOUT} at 10:02:01`, `kernel: ${RESET} at 10:02:02`]);
    expect(d?.next_step).not.toContain('dmesg');
    expect(d?.next_step).toContain("The kernel's intel_vpu failure lines above");
  });

  it('says the kernel logged no failure when it read a log without one', () => {
    const d = npuTimeout.diagnose(seedFacts(hung(), { kernel_log: kernelLogOf(['intel_vpu 0000:00:0b.0: [drm] Scheduler mode: OS']) }));
    expect(d?.evidence.some((line) => line.startsWith('kernel: '))).toBe(false);
    expect(d?.next_step).toContain('The kernel logged no intel_vpu failure this boot');
  });
});
