import { describe, expect, it } from 'vitest';
import { npuDriverCompilerFails } from '../../../../src/diagnosis/rules/npu-driver-compiler-fails.js';
import { SEED_CRASH, device, dies, judged, passes, rejects, seedFacts, seedPass } from '../canary-fixtures.js';

describe('npu-driver-compiler-fails', () => {
  it("fires on the seed's pass, naming the NPU driver's package and not the GPU's", () => {
    const d = npuDriverCompilerFails.diagnose(seedFacts(seedPass()));
    expect(d?.evidence[1]).toBe("NPU: the NPU driver's graph extension returned ZE_RESULT_ERROR_UNKNOWN (L0 pfnCreate2 result: ZE_RESULT_ERROR_UNKNOWN, code 0x7ffffffe)");
    expect(d?.next_step).toContain('`sudo dnf upgrade intel-npu-driver`');
    expect(d?.summary).not.toContain('GPU fails');
  });

  it('fires on the rejected form too (the exception without the crash)', () => {
    const verdicts = judged(device('NPU', rejects('NPU', SEED_CRASH.slice(0, 2).join('\n'))), device('CPU', passes('CPU')));
    expect(npuDriverCompilerFails.diagnose(seedFacts(verdicts))?.evidence[1]).toContain('returned ZE_RESULT_ERROR_UNKNOWN');
  });

  it('does not fire on an NPU failure that never reached the graph extension', () => {
    const verdicts = judged(device('NPU', dies('NPU', { signal: 'SIGSEGV', stderr: ['Segmentation fault in libze_intel_npu.so.1'] })), device('CPU', passes('CPU')));
    expect(npuDriverCompilerFails.diagnose(seedFacts(verdicts))).toBeNull();
  });

  it('does not fire when the NPU works by default and only the other compiler fails', () => {
    const verdicts = judged(device('NPU', passes('NPU'), { compiler: 'DRIVER', run: dies('NPU', { stderr: SEED_CRASH }) }), device('CPU', passes('CPU')));
    expect(npuDriverCompilerFails.diagnose(seedFacts(verdicts))).toBeNull();
  });
});
