import type { CompilerRun } from '../../canary/outcome.js';
import { NPU_DRIVER_RELEASES, npuDriverLine, openvinoLine, openvinoOutdated, pendingUpdates, unsupportedProperties } from '../evidence.js';
import { componentsOf, npuVerdict, verdictsOf } from '../facts.js';
import type { DiagnosisRule } from '../types.js';

// npu-compiler-version-mismatch: "property is not supported by this compiler version" warnings during the NPU compile.
export const npuCompilerVersionMismatch: DiagnosisRule = {
  id: 'npu-compiler-version-mismatch',
  diagnose(facts) {
    const npu = npuVerdict(facts);
    if (npu === null) return null;
    const runs: CompilerRun[] = [npu.canary, ...(npu.compilers ?? [])];
    const worst = runs.reduce((a, b) => (b.compiler_warnings > a.compiler_warnings ? b : a));
    if (worst.compiler_warnings === 0) return null;
    const components = componentsOf(facts);
    const evidence = [`${worst.compiler_warnings} "property is not supported by this compiler version" warnings during the ${npu.device} compile`];
    // The warnings are counted on stdout and stderr alike (the NPU plugin's logger prints on stdout).
    const properties = unsupportedProperties(`${worst.stderr_tail}\n${worst.stdout_tail}`);
    if (properties.length > 0) evidence.push(`unsupported: ${properties.join(', ')}`);
    const openvino = openvinoLine(verdictsOf(facts), components);
    if (openvino) evidence.push(openvino);
    const driver = npuDriverLine(npu, components);
    if (driver) evidence.push(driver);
    const pending = pendingUpdates(components);
    return {
      id: 'npu-compiler-version-mismatch',
      summary: "OpenVINO and the NPU driver's compiler are mismatched versions (compiler-version warnings during the NPU compile)",
      evidence,
      next_step:
        `Bring OpenVINO and the NPU driver to releases made for each other (the driver's release notes at ${NPU_DRIVER_RELEASES} name the OpenVINO it was validated with): ` +
        `check ${openvinoOutdated(components)}${pending ? ` and ${pending}` : ''}.`,
    };
  },
};
