import type { KnownFailure } from './known-failure.js';

// openvino.genai's LLMPipeline on the NPU (Arch Linux, OpenVINO/openvino.genai 2025.2 and 2025.4 nightlies, NPU driver
// 1.22.0, Meteor Lake) failed at once: the NPU plugin refused the NPU_MAX_TILES property. OpenVINO:
// openvinotoolkit/openvino src/plugins/intel_npu/src/al/include/intel_npu/config/options.hpp MAX_TILES (key
// "NPU_MAX_TILES", compilerSupportVersion() 5.3: an option the NPU compiler in use does not support is not registered)
// and src/plugins/intel_npu/src/plugin/src/properties.cpp Properties::get_property, which throws
// "Unsupported configuration key: <name>" for a key it does not know.
export const npuMaxTilesUnsupportedConfigKey: KnownFailure = {
  id: 'npu-max-tiles-unsupported-config-key',
  title: 'the NPU plugin refused the NPU_MAX_TILES property the LLM pipeline asks for ("Unsupported configuration key")',
  seen_in: ['benchmark', 'canary'],
  pattern: /Unsupported configuration key: NPU_MAX_TILES\b/,
  meaning:
    "loading an LLM on the NPU through openvino.genai failed before compiling anything: the NPU plugin did not know the " +
    'NPU_MAX_TILES property (it registers it only when the NPU compiler it uses supports it, OpenVINO options.hpp MAX_TILES). ' +
    'In the thread every model (Qwen, DeepSeek 1B, Llama 1B) failed so on Arch Linux with OpenVINO 2025.2 and again with the ' +
    '2025.4 nightlies, NPU driver 1.22.0; the same error was reported on Linux with a 2025.4 nightly in openvinotoolkit/openvino#32408',
  fix:
    'the thread shows no fix: the reporter upgraded openvino and openvino-genai to the 2025.4 nightly and got the same error, ' +
    'and the thread was closed without a resolution in its posts. What OpenVINO\'s source adds: the plugin offers ' +
    'NPU_MAX_TILES only with an NPU compiler that supports it, so compare the NPU_COMPILER_VERSION it reports with the ' +
    'installed linux-npu-driver release (intel-driver-compiler-npu)',
  source: 'https://github.com/openvinotoolkit/openvino.genai/issues/2656',
};
