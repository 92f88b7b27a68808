import { describe, expect, it } from 'vitest';
import { npuSlowerThanExpected } from '../../../../src/diagnosis/rules/npu-slower-than-expected.js';
import { benchmark, device, judged, passes, seedFacts } from '../canary-fixtures.js';

const at = (tokensPerSecond: number) =>
  judged(device('NPU', passes('NPU', { benchmark: benchmark(tokensPerSecond) })), device('CPU', passes('CPU', { benchmark: benchmark(9.8) })));

describe('npu-slower-than-expected', () => {
  it('fires below the range, with both numbers', () => {
    const d = npuSlowerThanExpected.diagnose(seedFacts(at(12.3)));
    expect(d?.summary).toBe('The NPU works but decodes at 12.3 tok/s, below the expected 20–40 tok/s');
    expect(d?.evidence.slice(0, 2)).toEqual(['NPU decodes qwen2.5-coder-3b-int4-ov at 12.3 tok/s (±0.4, median of 3)', 'expected for NPU: 20–40 tok/s']);
  });

  it('does not fire within the range, nor without one', () => {
    expect(npuSlowerThanExpected.diagnose(seedFacts(at(27.1)))).toBeNull();
    expect(npuSlowerThanExpected.diagnose(seedFacts(at(3.1), { expected_tokens_per_second: {} }))).toBeNull();
  });
});
