import { OPENVINO_ISSUES, fixed, levelZeroUpgrade, npuDriverLine, openvinoLine, openvinoOutdated } from '../evidence.js';
import { componentsOf, cpuVerdict, npuVerdict, verdictsOf } from '../facts.js';
import type { DiagnosisRule } from '../types.js';

// npu-tokens-disagree: the NPU's greedy LLM tokens differ from CPU's (silent garbage at full speed).
export const npuTokensDisagree: DiagnosisRule = {
  id: 'npu-tokens-disagree',
  diagnose(facts) {
    const npu = npuVerdict(facts);
    const benchmark = npu?.benchmark;
    if (!npu || !benchmark || benchmark.agreement_ok !== false) return null;
    const cpu = cpuVerdict(facts);
    const components = componentsOf(facts);
    const cpuName = cpu?.device ?? 'CPU';
    const agreement = benchmark.token_agreement === null ? 'too few' : `${Math.round(benchmark.token_agreement * 100)}%`;
    const evidence = [
      `${agreement} of ${npu.device}'s greedy tokens agree with ${cpuName}'s for the same prompt (model ${benchmark.model})`,
      `${npu.device} decodes at ${fixed(benchmark.tokens_per_second)} tok/s, so the speed looks fine`,
      `first tokens: ${npu.device} [${benchmark.tokens.slice(0, 8).join(', ')}]${cpu?.benchmark ? `, ${cpuName} [${cpu.benchmark.tokens.slice(0, 8).join(', ')}]` : ''}`,
    ];
    if (npu.canary.result === 'ok') evidence.push(`${npu.device} canary: ok (the small model is right; the LLM is not)`);
    const versions = npuDriverLine(npu, components);
    if (versions) evidence.push(versions);
    const openvino = openvinoLine(verdictsOf(facts), components);
    if (openvino) evidence.push(openvino);
    return {
      id: 'npu-tokens-disagree',
      summary: `The NPU's LLM output disagrees with ${cpuName}'s: silent garbage at full speed`,
      evidence,
      next_step:
        `Do not use the NPU's output. Report it at ${OPENVINO_ISSUES} with the model, the prompt, both token sequences and the versions, ` +
        `and check for newer drivers and OpenVINO (${levelZeroUpgrade(components)}; ${openvinoOutdated(components)}).`,
    };
  },
};
