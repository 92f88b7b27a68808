import { describeOutcome } from '../../canary/describe-failure.js';
import { isGpu } from '../../canary/device-names.js';
import { OPENVINO_ISSUES, RAN_AND_FAILED, levelZeroLine, levelZeroUpgrade, openvinoLine, otherCompilerLines, pendingUpdates } from '../evidence.js';
import { componentsOf, cpuVerdict, npuVerdict, verdictsOf } from '../facts.js';
import type { DiagnosisRule } from '../types.js';

// shared-level-zero-failure (the seed's conclusion): NPU and GPU fail with the same signature while CPU passes.
export const sharedLevelZeroFailure: DiagnosisRule = {
  id: 'shared-level-zero-failure',
  suppresses: ['npu-canary-fails'],
  diagnose(facts) {
    const npu = npuVerdict(facts);
    const cpu = cpuVerdict(facts);
    if (npu === null || cpu === null) return null;
    const signature = npu.canary.signature;
    if (signature === null || !RAN_AND_FAILED.has(npu.canary.result) || cpu.canary.result !== 'ok') return null;
    const verdicts = verdictsOf(facts);
    const gpus = verdicts.filter((v) => isGpu(v.device) && RAN_AND_FAILED.has(v.canary.result) && v.canary.signature === signature);
    if (gpus.length === 0) return null;
    const components = componentsOf(facts);
    const pending = pendingUpdates(components);
    const evidence = [
      `the same failure signature on ${[npu, ...gpus].map((v) => v.device).join(' and ')}: ${signature}`,
      `${npu.device}: ${describeOutcome(npu.canary)}`,
      ...gpus.map((gpu) => `${gpu.device}: ${describeOutcome(gpu.canary)}`),
      `${cpu.device} (the control): ok, the same canary compiles and matches the reference`,
      levelZeroLine(components),
    ];
    const openvino = openvinoLine(verdicts, components);
    if (openvino) evidence.push(openvino);
    evidence.push(...otherCompilerLines(npu));
    return {
      id: 'shared-level-zero-failure',
      summary: `${npu.device} and ${gpus.map((g) => g.device).join(', ')} fail with the same Level Zero error while ${cpu.device} works: a compute-runtime (Level Zero) bug, not the NPU`,
      evidence,
      next_step:
        `Update the Level Zero stack: ${levelZeroUpgrade(components)}${pending ? ` (pending updates: ${pending})` : ''}. If it still fails, report it at ${OPENVINO_ISSUES} ` +
        `with the signature, the versions above and \`sudo dmesg\` output; until then run on ${cpu.device}.`,
    };
  },
};
