import { describe, expect, it } from 'vitest';
import { gpuCanaryFails } from '../../../../src/diagnosis/rules/gpu-canary-fails.js';
import { SEED_CRASH, device, dies, judged, passes, seedFacts, seedPass } from '../canary-fixtures.js';

describe('gpu-canary-fails', () => {
  it("fires on the seed's pass with the GPU's own packages and the cldnn line", () => {
    const d = gpuCanaryFails.diagnose(seedFacts(seedPass()));
    expect(d?.evidence).toContain("GPU: the GPU plugin's engine (cldnn) fails: _Tp* std::__shared_ptr_deref(_Tp*) [with _Tp = cldnn::memory]:");
    expect(d?.evidence).toContain('GPU compute runtime: intel-level-zero 25.31.34666.3-1.fc43');
    expect(d?.next_step).not.toContain('intel-npu-driver');
  });

  it('does not fire without the CPU control, nor when the GPU works', () => {
    expect(gpuCanaryFails.diagnose(seedFacts(judged(device('NPU', dies('NPU', { stderr: SEED_CRASH })), device('GPU', dies('GPU', { stderr: SEED_CRASH })))))).toBeNull();
    expect(gpuCanaryFails.diagnose(seedFacts(judged(device('NPU', dies('NPU', { stderr: SEED_CRASH })), device('GPU', passes('GPU')), device('CPU', passes('CPU')))))).toBeNull();
  });
});
