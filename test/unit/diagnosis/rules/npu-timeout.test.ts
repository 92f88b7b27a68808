import { describe, expect, it } from 'vitest';
import { npuTimeout } from '../../../../src/diagnosis/rules/npu-timeout.js';
import { SEED_CRASH, device, dies, hangs, judged, notStarted, passes, seedFacts } from '../canary-fixtures.js';

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
