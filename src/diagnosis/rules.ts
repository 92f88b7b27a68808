import { cpuFailsToo } from './rules/cpu-fails-too.js';
import { gpuCanaryFails } from './rules/gpu-canary-fails.js';
import { noNpuOnPciBus } from './rules/no-npu-on-pci-bus.js';
import { npuCanaryFails } from './rules/npu-canary-fails.js';
import { npuCompilerVersionMismatch } from './rules/npu-compiler-version-mismatch.js';
import { npuDriverCompilerFails } from './rules/npu-driver-compiler-fails.js';
import { npuDeviceNodeMissing } from './rules/npu-device-node-missing.js';
import { npuDeviceNodeNotAccessible } from './rules/npu-device-node-not-accessible.js';
import { npuDriverNotBound } from './rules/npu-driver-not-bound.js';
import { npuFirmwareMissing } from './rules/npu-firmware-missing.js';
import { npuPluginCompilerWorks } from './rules/npu-plugin-compiler-works.js';
import { npuSlowerThanExpected } from './rules/npu-slower-than-expected.js';
import { npuTimeout } from './rules/npu-timeout.js';
import { npuTokensDisagree } from './rules/npu-tokens-disagree.js';
import { openvinoDoesNotListNpu } from './rules/openvino-does-not-list-npu.js';
import { openvinoRuntimeMissing } from './rules/openvino-runtime-missing.js';
import { openvinoVersionsOnNpu } from './rules/openvino-versions-on-npu.js';
import { openvinoWorkingVersionExists } from './rules/openvino-working-version-exists.js';
import { KNOWN_FAILURE_RULES } from './known-failures/index.js';
import type { DiagnosisRule } from './types.js';

// Every diagnosis rule, in output order: the first failing link first (hardware, driver, node, firmware; then
// runtime, CPU control, device list, known failures, the NPU driver's compiler, hangs, compilers; then the LLM; the GPU last). A rule only suppresses later ones.
export const DIAGNOSIS_RULES: readonly DiagnosisRule[] = [
  noNpuOnPciBus,
  npuDriverNotBound,
  npuDeviceNodeMissing,
  npuDeviceNodeNotAccessible,
  npuFirmwareMissing,
  openvinoRuntimeMissing,
  cpuFailsToo,
  openvinoDoesNotListNpu,
  // Which of the tested OpenVINO runtimes work on the NPU and which do not ([[runtimes]]): the answer across
  // runtimes, before the rules that explain the diagnosed runtime's failure (facts.ts diagnosedRuntime).
  openvinoVersionsOnNpu,
  // The NPU fails with every tested runtime, yet `npu-watch try-openvino` found a version that works here.
  openvinoWorkingVersionExists,
  // The knowledge base of real failures (src/diagnosis/known-failures/), before the generic canary rules they explain.
  ...KNOWN_FAILURE_RULES,
  npuDriverCompilerFails,
  npuTimeout,
  npuPluginCompilerWorks,
  npuCanaryFails,
  npuCompilerVersionMismatch,
  npuTokensDisagree,
  npuSlowerThanExpected,
  // The GPU is a finding of its own (its plugin and compute runtime are not the NPU's), after every NPU rule.
  gpuCanaryFails,
];

// The ids of every rule, in output order (the README's rule table lists exactly these).
export const DIAGNOSIS_RULE_IDS: readonly string[] = DIAGNOSIS_RULES.map((rule) => rule.id);
