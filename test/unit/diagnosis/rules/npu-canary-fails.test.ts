import { describe, expect, it } from 'vitest';
import { npuCanaryFails } from '../../../../src/diagnosis/rules/npu-canary-fails.js';
import { SEED_CRASH, SEED_SIGNATURE, computesWrongly, device, dies, judged, passes, seedFacts } from '../canary-fixtures.js';

describe('npu-canary-fails', () => {
  it("fires with both signatures named, the GPU's own failure beside it", () => {
    const verdicts = judged(
      device('NPU', dies('NPU', { signal: 'SIGSEGV', stderr: ['Segmentation fault in libze_intel_npu.so.1'] })),
      device('GPU', dies('GPU', { stderr: SEED_CRASH })),
      device('CPU', passes('CPU')),
    );
    const d = npuCanaryFails.diagnose(seedFacts(verdicts));
    expect(d?.summary).toBe('The NPU canary fails: compile_crash (SIGSEGV) during compile while CPU passes');
    expect(d?.evidence.slice(0, 3)).toEqual([
      'NPU: compile_crash (SIGSEGV) during compile: Segmentation fault in libze_intel_npu.so.1',
      `GPU: compile_crash (SIGABRT) during compile: ${SEED_SIGNATURE}`,
      'CPU (the control): ok',
    ]);
  });

  it('a Level Zero error and no GPU run: no advice to run the GPU to blame a shared runtime (the NPU and GPU stacks are separate)', () => {
    const d = npuCanaryFails.diagnose(seedFacts(judged(device('NPU', dies('NPU', { stderr: SEED_CRASH })), device('CPU', passes('CPU')))));
    expect(d?.next_step).not.toContain('GPU');
  });

  it('wrong output: the largest error against the tolerance', () => {
    const d = npuCanaryFails.diagnose(seedFacts(judged(device('NPU', computesWrongly('NPU')), device('CPU', passes('CPU')))));
    expect(d?.summary).toBe('The NPU computes the canary wrongly while CPU gets it right');
    expect(d?.evidence[1]).toBe('largest error 0.500 against a tolerance of 0.0300');
  });

  it('does not fire when the NPU passes', () => {
    expect(npuCanaryFails.diagnose(seedFacts(judged(device('NPU', passes('NPU')), device('CPU', passes('CPU')))))).toBeNull();
  });
});
