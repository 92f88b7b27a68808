import type { KnownFailure } from './known-failure.js';

// openvino.genai's LLMPipeline on the NPU (Arch Linux, OpenVINO/openvino.genai 2025.2 and 2025.4 nightlies, NPU driver
// 1.22.0, Meteor Lake) failed at once: the NPU plugin refused the NPU_MAX_TILES property. OpenVINO
// (openvinotoolkit/openvino): the LLM path of the NPU plugin reads that property from the NPU plugin
// (src/plugins/intel_npu/src/plugin/npuw/llm_compiled_model.cpp extract_npu_descriptor: get_property(max_tiles)), so
// npu-watch's NPUW_LLM compile asks for it too; the plugin offers NPU_MAX_TILES only with a Level Zero backend that
// has a device (the plugin's property setup, mirrored in its tests "Disable max tiles in case we don't have a device",
// and OfflineCompilationUnitTests ReadMaxTilesAndExpectThrow expecting "Unsupported configuration key"), and
// src/plugins/intel_npu/src/al/include/intel_npu/config/options.hpp MAX_TILES needs NPU compiler version 5.3; a key
// it does not offer is refused by Properties::get_property (properties.cpp) with "Unsupported configuration key: <name>".
export const npuMaxTilesUnsupportedConfigKey: KnownFailure = {
  id: 'npu-max-tiles-unsupported-config-key',
  title: 'the NPU plugin refused the NPU_MAX_TILES property the LLM pipeline asks for ("Unsupported configuration key")',
  seen_in: ['benchmark', 'canary'],
  pattern: /Unsupported configuration key: NPU_MAX_TILES\b/,
  meaning:
    'loading an LLM on the NPU failed before compiling anything: its NPUW LLM path asks the NPU plugin for NPU_MAX_TILES, and ' +
    "the plugin did not offer that property. Per OpenVINO's source the plugin offers it only when its Level Zero backend " +
    'has an NPU device and an NPU compiler of version 5.3 or later, so the plugin had no usable NPU device or too old a compiler. ' +
    'In the thread every model (Qwen, DeepSeek 1B, Llama 1B) failed so on Arch Linux with OpenVINO 2025.2 and again with the ' +
    '2025.4 nightlies, NPU driver 1.22.0; the same error was reported on Linux with a 2025.4 nightly in openvinotoolkit/openvino#32408',
  fix:
    'the thread shows no fix: the reporter upgraded openvino and openvino-genai to the 2025.4 nightly and got the same error, ' +
    'and the thread was closed without a resolution in its posts. What the source points at: check that the NPU plugin has ' +
    'its device and driver (NPU_DRIVER_VERSION and NPU_COMPILER_VERSION readable), i.e. the NPU user-mode driver, its ' +
    'compiler and the level-zero loader of one linux-npu-driver release are installed',
  source: 'https://github.com/openvinotoolkit/openvino.genai/issues/2656',
};
