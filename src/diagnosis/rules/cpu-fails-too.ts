import { describeFailure, describeOutcome } from '../../canary/describe-failure.js';
import { failed, openvinoLine, openvinoOutdated } from '../evidence.js';
import { componentsOf, cpuVerdict, verdictsOf } from '../facts.js';
import type { DiagnosisRule } from '../types.js';

// cpu-fails-too: the control fails, so the runtime or the canary is at fault, not the NPU; no NPU-side
// explanation is drawn from a pass whose control failed.
export const cpuFailsToo: DiagnosisRule = {
  id: 'cpu-fails-too',
  suppresses: ['openvino-does-not-list-npu', 'npu-driver-compiler-fails', 'npu-canary-fails', 'gpu-canary-fails'],
  diagnose(facts) {
    const cpu = cpuVerdict(facts);
    if (cpu === null || !failed(cpu.canary)) return null;
    const verdicts = verdictsOf(facts);
    const components = componentsOf(facts);
    const evidence = [`${cpu.device} (the control): ${describeFailure(cpu.canary)}`];
    for (const other of verdicts) {
      if (other === cpu || !failed(other.canary)) continue;
      const same = other.canary.signature !== null && other.canary.signature === cpu.canary.signature;
      evidence.push(`${other.device}: ${same ? `${describeOutcome(other.canary)}, the same signature as ${cpu.device}` : describeFailure(other.canary)}`);
    }
    const openvino = openvinoLine(verdicts, components);
    if (openvino) evidence.push(openvino);
    return {
      id: 'cpu-fails-too',
      summary: 'The CPU control fails too: the OpenVINO runtime or the canary is at fault, not the NPU',
      evidence,
      next_step:
        `Look at the CPU run alone (\`npu-watch check --device CPU --json\`: canary.message, stderr_tail and stdout_tail) and check for a newer OpenVINO (${openvinoOutdated(components)}); ` +
        "if CPU still fails with a current OpenVINO, the canary itself is wrong: report it to npu-watch with that output. No NPU result is trustworthy until CPU passes.",
    };
  },
};
