import { describeFailure, describeOutcome } from '../../canary/describe-failure.js';
import { isGpu } from '../../canary/device-names.js';
import { OPENVINO_ISSUES, RAN_AND_FAILED, failed, levelZeroLine, levelZeroUpgrade, openvinoLine, openvinoOutdated, otherCompilerLines } from '../evidence.js';
import { componentsOf, cpuVerdict, npuVerdict, verdictsOf } from '../facts.js';
import { kernelFailureEvidence } from '../kernel-evidence.js';
import type { DiagnosisRule } from '../types.js';

// npu-canary-fails: the NPU fails and no rule before it explains why (the CPU control passes or was not run).
export const npuCanaryFails: DiagnosisRule = {
  id: 'npu-canary-fails',
  diagnose(facts) {
    const npu = npuVerdict(facts);
    if (npu === null) return null;
    const canary = npu.canary;
    if (!RAN_AND_FAILED.has(canary.result) && canary.result !== 'wrong_output') return null;
    const cpu = cpuVerdict(facts);
    const verdicts = verdictsOf(facts);
    const components = componentsOf(facts);
    const wrong = canary.result === 'wrong_output';
    const evidence = [`${npu.device}: ${describeFailure(canary)}`];
    if (wrong && canary.max_abs_error !== null && canary.tolerance !== null) {
      evidence.push(`largest error ${canary.max_abs_error.toPrecision(3)} against a tolerance of ${canary.tolerance.toPrecision(3)}`);
    }
    evidence.push(...otherCompilerLines(npu));
    const gpus = verdicts.filter((v) => isGpu(v.device));
    for (const gpu of gpus) {
      if (gpu.canary.result === 'ok') evidence.push(`${gpu.device}: ok`);
      else if (failed(gpu.canary)) evidence.push(`${gpu.device}: ${describeFailure(gpu.canary)}`);
    }
    if (cpu?.canary.result === 'ok') evidence.push(`${cpu.device} (the control): ok`);
    evidence.push(levelZeroLine(components));
    const openvino = openvinoLine(verdicts, components);
    if (openvino) evidence.push(openvino);
    evidence.push(...kernelFailureEvidence(facts));
    return {
      id: 'npu-canary-fails',
      summary: wrong
        ? `The NPU computes the canary wrongly${cpu?.canary.result === 'ok' ? ` while ${cpu.device} gets it right` : ''}`
        : `The NPU canary fails: ${describeOutcome(canary)}${cpu?.canary.result === 'ok' ? ` while ${cpu.device} passes` : ''}`,
      evidence,
      next_step:
        `Check for newer drivers and OpenVINO (${levelZeroUpgrade(components)}; ${openvinoOutdated(components)}), then report it at ` +
        `${OPENVINO_ISSUES} with ${wrong ? 'the numbers above' : 'the signature'}, the versions and \`sudo dmesg | grep -i intel_vpu\`.`,
    };
  },
};
