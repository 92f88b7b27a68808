import { describeFailure } from '../../canary/describe-failure.js';
import { isGpu } from '../../canary/device-names.js';
import { COMPUTE_RUNTIME_ISSUES, OPENVINO_ISSUES, RAN_AND_FAILED, gpuRuntimeLine, gpuRuntimeUpgrade, openvinoLine } from '../evidence.js';
import { componentsOf, cpuVerdict, verdictsOf } from '../facts.js';
import type { DiagnosisRule } from '../types.js';

// A libstdc++ assertion or message naming cldnn: the GPU plugin's engine (openvinotoolkit/openvino
// src/plugins/intel_gpu, e.g. include/intel_gpu/runtime/memory.hpp `namespace cldnn { struct memory }`), as in the
// seed's `_Tp* std::__shared_ptr_deref(_Tp*) [with _Tp = cldnn::memory]:`.
const GPU_PLUGIN_LINE = /\bcldnn::/;

// gpu-canary-fails: a GPU fails the canary while the CPU control passes. A finding of its own, never evidence
// about the NPU: the GPU plugin runs on Intel's compute runtime (Level Zero GPU driver / OpenCL), the NPU plugin on
// the NPU driver; the two share only the Level Zero loader.
export const gpuCanaryFails: DiagnosisRule = {
  id: 'gpu-canary-fails',
  diagnose(facts) {
    const cpu = cpuVerdict(facts);
    if (cpu === null || cpu.canary.result !== 'ok') return null;
    const gpus = verdictsOf(facts).filter((v) => isGpu(v.device) && RAN_AND_FAILED.has(v.canary.result));
    if (gpus.length === 0) return null;
    const components = componentsOf(facts);
    const evidence = gpus.map((gpu) => `${gpu.device}: ${describeFailure(gpu.canary)}`);
    for (const gpu of gpus) {
      const line = `${gpu.canary.message ?? ''}\n${gpu.canary.stderr_tail}`.split('\n').find((text) => GPU_PLUGIN_LINE.test(text));
      if (line) evidence.push(`${gpu.device}: the GPU plugin's engine (cldnn) fails: ${line.trim()}`);
    }
    evidence.push(`${cpu.device} (the control): ok, the same canary compiles and matches the reference`, gpuRuntimeLine(components));
    const openvino = openvinoLine(verdictsOf(facts), components);
    if (openvino) evidence.push(openvino);
    return {
      id: 'gpu-canary-fails',
      summary: `${gpus.map((g) => g.device).join(', ')} fails the canary while ${cpu.device} works: the GPU plugin or Intel's GPU compute runtime, separate from the NPU`,
      evidence,
      next_step:
        `Update the GPU compute runtime: ${gpuRuntimeUpgrade(components)}. If it still fails, report it at ${COMPUTE_RUNTIME_ISSUES} ` +
        `(or at ${OPENVINO_ISSUES} when the failing line names the GPU plugin) with the failure and the versions above.`,
    };
  },
};
