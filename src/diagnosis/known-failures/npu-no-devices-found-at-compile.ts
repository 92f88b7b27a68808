import type { KnownFailure } from './known-failure.js';

// The NPU plugin found no NPU through Level Zero when it came to compile (benchmark_app -d NPU, Core Ultra 5/7,
// pip openvino 2025.x), after the same command had worked earlier on that machine.
// The text is the plugin's own: openvinotoolkit/openvino src/plugins/intel_npu (compilation-platform detection,
// OPENVINO_THROW("No NPU devices were found.") when its list of available NPU device names is empty).
export const npuNoDevicesFoundAtCompile: KnownFailure = {
  id: 'npu-no-devices-found-at-compile',
  title: "OpenVINO's NPU plugin found no NPU when compiling (\"No NPU devices were found\")",
  seen_in: ['canary', 'benchmark'],
  pattern: /No NPU devices were found/,
  meaning:
    "the NPU plugin's list of NPU devices (what the Level Zero driver reports) was empty when it chose the platform to compile for; in the thread the same benchmark_app command had worked before and then failed this way without any change by the reporter",
  fix:
    'the thread has no fix (it is open and marked Stale); the maintainers asked for the exact device, the OS and how OpenVINO was installed. Check that the NPU is still listed and its driver still bound (`npu-watch check --device NPU`, and this boot\'s intel_vpu kernel lines for a reset) and report those details upstream',
  source: 'https://github.com/openvinotoolkit/openvino/issues/29505',
};
