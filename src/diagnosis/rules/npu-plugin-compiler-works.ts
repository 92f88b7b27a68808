import { describeFailure } from '../../canary/describe-failure.js';
import { OPENVINO_ISSUES, failed, npuDriverLine, openvinoLine } from '../evidence.js';
import { componentsOf, npuVerdict, verdictsOf } from '../facts.js';
import type { DiagnosisRule } from '../types.js';

// npu-plugin-compiler-works: the default configuration fails, the driver's compiler fails, and OpenVINO's own
// (plugin) compiler passes when forced. The default gives the verdict; the forced runs (device-canary.ts) give
// this workaround. A compiler the runtime refuses as a value (`unsupported`) is neither a failure nor a way out.
// When the default configuration works there is nothing to advise (from OpenVINO 2026.1 it picks the plugin's
// compiler by itself).
export const npuPluginCompilerWorks: DiagnosisRule = {
  id: 'npu-plugin-compiler-works',
  suppresses: ['npu-canary-fails'],
  diagnose(facts) {
    const npu = npuVerdict(facts);
    if (npu === null || npu.canary.result === 'ok') return null;
    const driver = npu.compilers?.find((run) => run.compiler === 'DRIVER');
    const plugin = npu.compilers?.find((run) => run.compiler === 'PLUGIN');
    if (!driver || !plugin || !failed(driver) || plugin.result !== 'ok') return null;
    // The value this runtime took for its own compiler: PLUGIN, or MLIR before OpenVINO 2026.0 (the worker tries
    // both, canary-stages.ts compilerNames; the compiled model names the one used).
    const value = plugin.runtime?.npu_compiler_used === 'MLIR' ? 'MLIR' : 'PLUGIN';
    const alias = value === 'MLIR' ? ' (as NPU_COMPILER_TYPE=MLIR, its name before OpenVINO 2026.0)' : '';
    const components = componentsOf(facts);
    const evidence = [
      `${npu.device} with NPU_COMPILER_TYPE=DRIVER: ${describeFailure(driver)}`,
      `${npu.device} with NPU_COMPILER_TYPE=PLUGIN: ok, the canary compiles and matches the reference${alias}`,
    ];
    const versions = npuDriverLine(npu, components);
    if (versions) evidence.push(versions);
    const openvino = openvinoLine(verdictsOf(facts), components);
    if (openvino) evidence.push(openvino);
    return {
      id: 'npu-plugin-compiler-works',
      summary: "The NPU works with OpenVINO's plugin compiler; the driver's compiler fails",
      evidence,
      next_step:
        `Compile for the NPU with the plugin compiler: pass NPU_COMPILER_TYPE=${value} in your application's compile config ` +
        `(Python: \`core.compile_model(model, "NPU", {"NPU_COMPILER_TYPE": "${value}"})\`), and report the driver compiler's failure at ` +
        `${OPENVINO_ISSUES} with the signature and the versions.`,
    };
  },
};
