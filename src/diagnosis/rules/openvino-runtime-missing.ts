import { lastLine } from '../../canary/describe-failure.js';
import { componentVersions } from '../evidence.js';
import { componentsOf, verdictsOf } from '../facts.js';
import type { DiagnosisRule } from '../types.js';

// openvino-runtime-missing: the worker could not load OpenVINO, so nothing below it was tested: every canary rule
// after it is suppressed (the device rules before it still speak).
export const openvinoRuntimeMissing: DiagnosisRule = {
  id: 'openvino-runtime-missing',
  suppresses: [
    'cpu-fails-too',
    'openvino-does-not-list-npu',
    'npu-driver-compiler-fails',
    'npu-timeout',
    'npu-plugin-compiler-works',
    'npu-canary-fails',
    'npu-compiler-version-mismatch',
    'npu-tokens-disagree',
    'npu-slower-than-expected',
    'gpu-canary-fails',
  ],
  diagnose(facts) {
    const missing = verdictsOf(facts).filter((v) => v.canary.result === 'runtime_missing');
    if (missing.length === 0) return null;
    const byMessage = new Map<string, string[]>();
    for (const v of missing) {
      // Whole: the loader's reason (npm's, when it left openvino-node out) is the point of this evidence line.
      const message = lastLine(v.canary.message, Infinity) ?? 'the runtime could not be loaded';
      byMessage.set(message, [...(byMessage.get(message) ?? []), v.device]);
    }
    const evidence = [...byMessage].map(([message, devices]) => `${devices.join(', ')}: ${message}`);
    const installed = componentVersions(componentsOf(facts), ['openvino-node', 'openvino-python']);
    evidence.push(installed ? `installed OpenVINO packages: ${installed}` : 'the inventory found no OpenVINO package (openvino-node, openvino-python)');
    return {
      id: 'openvino-runtime-missing',
      summary: 'The OpenVINO runtime cannot be loaded, so no device could be tested',
      evidence,
      next_step:
        "Install the runtime npu-watch's worker loads (`npm install openvino-node` where npu-watch is installed), or point " +
        'a [[runtimes]] entry at a module with the openvino-node API (or another installed OpenVINO, README "Runtimes"); then `npu-watch check --device CPU` must pass before any NPU result means anything.',
    };
  },
};
