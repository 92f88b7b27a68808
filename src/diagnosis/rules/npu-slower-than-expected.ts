import { fixed, levelZeroUpgrade, npuDriverLine, openvinoOutdated } from '../evidence.js';
import { componentsOf, npuVerdict } from '../facts.js';
import type { DiagnosisRule } from '../types.js';

// npu-slower-than-expected: the NPU works, but decodes below the configured range's minimum.
export const npuSlowerThanExpected: DiagnosisRule = {
  id: 'npu-slower-than-expected',
  diagnose(facts) {
    const npu = npuVerdict(facts);
    const benchmark = npu?.benchmark;
    const expected = facts.expected_tokens_per_second ?? {};
    if (!npu || !benchmark) return null;
    const range = expected[npu.device] ?? expected.NPU;
    if (!npu.working || !range || benchmark.tokens_per_second >= range[0]) return null;
    const components = componentsOf(facts);
    const [min, max] = range;
    const evidence = [
      `${npu.device} decodes ${benchmark.model} at ${fixed(benchmark.tokens_per_second)} tok/s (±${fixed(benchmark.tokens_per_second_stddev)}, median of ${benchmark.repetitions})`,
      `expected for ${npu.device}: ${min}–${max} tok/s`,
      `first token after ${benchmark.ttft_seconds.toFixed(2)} s; compile ${fixed(benchmark.compile_seconds)} s (${benchmark.compile_cache})`,
    ];
    const versions = npuDriverLine(npu, components);
    if (versions) evidence.push(versions);
    return {
      id: 'npu-slower-than-expected',
      summary: `The NPU works but decodes at ${fixed(benchmark.tokens_per_second)} tok/s, below the expected ${min}–${max} tok/s`,
      evidence,
      next_step:
        'Check that the expected range is for this model and precision (the seed\'s table: 3B int4 20–40 tok/s, 7B int4 10–20 tok/s) and that the decode ran on ' +
        `the NPU (npuwatch_npu_busy_ratio); then compare again after the next driver or OpenVINO update (${levelZeroUpgrade(components)}; ${openvinoOutdated(components)}).`,
    };
  },
};
