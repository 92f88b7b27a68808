import type { KnownFailure } from './known-failure.js';

// compile_model on NPU of a model with dynamic shapes (PixArt, OpenVINO 2024.3, Linux): the NPU plugin asks for
// the static shape of a dynamic one and fails before the compiler runs.
export const npuToShapeOnDynamicShape: KnownFailure = {
  id: 'npu-to-shape-on-dynamic-shape',
  title: 'the NPU plugin was given a model with dynamic shapes ("to_shape was called on a dynamic shape")',
  seen_in: ['canary', 'benchmark'],
  pattern: /to_shape was called on a dynamic shape/,
  meaning:
    "OpenVINO's NPU plugin needs static shapes; the model still had dynamic dimensions when it was compiled for NPU, and the plugin failed converting them (src/core/src/partial_shape.cpp)",
  fix:
    'a maintainer answered in the thread that the NPU does not support dynamic shapes; reshape the model to static input shapes (model.reshape) before compiling it for NPU',
  source: 'https://github.com/openvinotoolkit/openvino_notebooks/issues/2342',
};
