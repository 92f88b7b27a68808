import { describeFailure } from '../../canary/describe-failure.js';
import type { CompilerRun } from '../../canary/outcome.js';
import { NPU_DRIVER_ISSUES, RAN_AND_FAILED, npuDriverLine, npuDriverUpgrade, openvinoLine, otherCompilerLines } from '../evidence.js';
import { componentsOf, cpuVerdict, npuVerdict, verdictsOf } from '../facts.js';
import { kernelFailureEvidence } from '../kernel-evidence.js';
import type { DiagnosisRule } from '../types.js';

// `L0 pfnCreate2 result: ZE_RESULT_ERROR_UNKNOWN, code 0x7ffffffe` (the seed's own crash report,
// test/fixtures/seed/status-page.txt; no public thread with this text was found, so it cites none). pfnCreate2 is
// the NPU plugin calling the NPU driver's graph extension: openvinotoolkit/openvino
// src/plugins/intel_npu/src/compiler_adapter/src/ze_graph_ext_wrappers.cpp, ZeGraphExtWrappers::getGraphDescriptor
// (`getGraphDdiTable().pfnCreate2(...)`, then THROW_ON_FAIL_FOR_LEVELZERO_EXT("pfnCreate2", ...)). The driver
// (libze_intel_npu.so) compiles the graph with the compiler it dlopen()s, libnpu_driver_compiler.so
// (intel/linux-npu-driver umd/level_zero_driver/ext/source/graph/vcl_symbols.hpp, class Vcl), shipped in
// intel-npu-driver (Fedora) or intel-driver-compiler-npu (Intel's .debs). Not the GPU: the GPU plugin never calls it.
const GRAPH_CREATE_FAILED = /\bpfnCreate2 result: (ZE_RESULT_\w+)/;

// npu-driver-compiler-fails: the NPU's canary compile failed inside the NPU driver's graph extension (its compiler).
export const npuDriverCompilerFails: DiagnosisRule = {
  id: 'npu-driver-compiler-fails',
  suppresses: ['npu-canary-fails'],
  diagnose(facts) {
    const npu = npuVerdict(facts);
    if (npu === null || !RAN_AND_FAILED.has(npu.canary.result)) return null;
    const hit = [npu.canary, ...(npu.compilers ?? [])].map(graphCreateLine).find((line) => line !== null);
    if (!hit) return null;
    const components = componentsOf(facts);
    const evidence = [`${npu.device}: ${describeFailure(npu.canary)}`, `${npu.device}: ${hit}`, ...otherCompilerLines(npu)];
    const cpu = cpuVerdict(facts);
    if (cpu?.canary.result === 'ok') evidence.push(`${cpu.device} (the control): ok, the same canary compiles and matches the reference`);
    const driver = npuDriverLine(npu, components);
    evidence.push(driver ?? 'NPU driver: no intel-npu-driver, intel-level-zero-npu or intel-driver-compiler-npu package found by the inventory');
    const openvino = openvinoLine(verdictsOf(facts), components);
    if (openvino) evidence.push(openvino);
    evidence.push(...kernelFailureEvidence(facts));
    return {
      id: 'npu-driver-compiler-fails',
      summary: `${npu.device}'s compile fails in the NPU driver's graph extension (pfnCreate2: the driver's compiler), not in OpenVINO or the GPU stack`,
      evidence,
      next_step:
        `Update the NPU driver and its compiler: ${npuDriverUpgrade(components)}. If the NPU passes with NPU_COMPILER_TYPE=PLUGIN ` +
        "(npu-plugin-compiler-works), compile with that until a fixed driver lands. If it still fails, report it at " +
        `${NPU_DRIVER_ISSUES} with the pfnCreate2 line, the versions above and \`sudo dmesg | grep -i intel_vpu\`.`,
    };
  },
};

// "the NPU driver's graph extension returned ZE_RESULT_ERROR_UNKNOWN (L0 pfnCreate2 result: …)", from a failed run.
function graphCreateLine(run: CompilerRun): string | null {
  if (!RAN_AND_FAILED.has(run.result)) return null;
  const line = `${run.message ?? ''}\n${run.stderr_tail}\n${run.stdout_tail}`.split('\n').find((text) => GRAPH_CREATE_FAILED.test(text));
  if (!line) return null;
  const how = run.compiler ? ` with NPU_COMPILER_TYPE=${run.compiler}` : '';
  return `the NPU driver's graph extension returned ${GRAPH_CREATE_FAILED.exec(line)![1]}${how} (${line.trim()})`;
}
