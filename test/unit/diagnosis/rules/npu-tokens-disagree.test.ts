import { describe, expect, it } from 'vitest';
import { npuTokensDisagree } from '../../../../src/diagnosis/rules/npu-tokens-disagree.js';
import { GARBAGE_TOKENS, benchmark, device, judged, passes, seedFacts } from '../canary-fixtures.js';

describe('npu-tokens-disagree', () => {
  it("fires with the agreement and both token sequences", () => {
    const verdicts = judged(device('NPU', passes('NPU', { benchmark: benchmark(27, GARBAGE_TOKENS) })), device('CPU', passes('CPU', { benchmark: benchmark(9.8) })));
    const d = npuTokensDisagree.diagnose(seedFacts(verdicts));
    expect(d?.evidence[0]).toMatch(/^\d+% of NPU's greedy tokens agree with CPU's for the same prompt \(model qwen2\.5-coder-3b-int4-ov\)$/);
    expect(d?.evidence).toContain('first tokens: NPU [0, 0, 151643, 0, 0, 151643, 0, 0], CPU [785, 3974, 315, 279, 1156, 374, 220, 17]');
  });

  it("does not fire when the NPU's tokens are CPU's", () => {
    const verdicts = judged(device('NPU', passes('NPU', { benchmark: benchmark(27) })), device('CPU', passes('CPU', { benchmark: benchmark(9.8) })));
    expect(npuTokensDisagree.diagnose(seedFacts(verdicts))).toBeNull();
  });
});
