import { describeFailure } from '../../canary/describe-failure.js';
import { OPENVINO_ISSUES, failed, npuDriverLine, openvinoLine } from '../evidence.js';
import { componentsOf, npuVerdict, verdictsOf } from '../facts.js';
import type { DiagnosisRule } from '../types.js';

// npu-plugin-compiler-works: the driver's compiler fails where OpenVINO's plugin compiler passes.
export const npuPluginCompilerWorks: DiagnosisRule = {
  id: 'npu-plugin-compiler-works',
  suppresses: ['npu-canary-fails'],
  diagnose(facts) {
    const npu = npuVerdict(facts);
    if (npu === null || npu.canary.result === 'ok') return null;
    const driver = npu.compilers?.find((run) => run.compiler === 'DRIVER');
    const plugin = npu.compilers?.find((run) => run.compiler === 'PLUGIN');
    if (!driver || !plugin || !failed(driver) || plugin.result !== 'ok') return null;
    const components = componentsOf(facts);
    const evidence = [`${npu.device} with NPU_COMPILER_TYPE=DRIVER: ${describeFailure(driver)}`, `${npu.device} with NPU_COMPILER_TYPE=PLUGIN: ok, the canary compiles and matches the reference`];
    const versions = npuDriverLine(npu, components);
    if (versions) evidence.push(versions);
    const openvino = openvinoLine(verdictsOf(facts), components);
    if (openvino) evidence.push(openvino);
    return {
      id: 'npu-plugin-compiler-works',
      summary: "The NPU works with OpenVINO's plugin compiler; the driver's compiler fails",
      evidence,
      next_step:
        'Compile for the NPU with the plugin compiler: pass NPU_COMPILER_TYPE=PLUGIN in the compile config ' +
        '(Python: `core.compile_model(model, "NPU", {"NPU_COMPILER_TYPE": "PLUGIN"})`), and report the driver compiler\'s failure at ' +
        `${OPENVINO_ISSUES} with the signature and the versions.`,
    };
  },
};
