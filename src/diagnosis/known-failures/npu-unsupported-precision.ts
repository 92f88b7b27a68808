import type { KnownFailure } from './known-failure.js';

// Compiling a binary (u1) model for NPU (resnet50-binary-0001, OpenVINO 2024.5, latest NPU driver): the driver's
// compiler refuses the precision.
export const npuUnsupportedPrecision: KnownFailure = {
  id: 'npu-unsupported-precision',
  title: "the NPU compiler does not support one of the model's precisions (\"Unsupported precision : 'u1'\")",
  seen_in: ['canary', 'benchmark'],
  pattern: /Unsupported precision : '/,
  meaning:
    "the model uses an element type the NPU compiler does not support (here u1, binary weights); an Intel engineer confirmed in the thread that none of the binary models are supported by the NPU plugin, so this is expected behaviour, not a broken NPU",
  fix:
    'run that model on CPU or GPU, or use a model from the list of models verified on the NPU (the answer in the thread)',
  source: 'https://github.com/openvinotoolkit/openvino/issues/27626',
};
