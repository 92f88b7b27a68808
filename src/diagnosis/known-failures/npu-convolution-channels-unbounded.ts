import type { KnownFailure } from './known-failure.js';

// The NPU compiler's type inference failed on a Convolution whose input channel count reached it as INT64_MIN
// (-9223372036854775808): OpenVINO 2024.5 with a YOLOv6n FP32 IR that compiled with 2024.4; the same text on
// OpenVINO 2025.0 / Core Ultra 125H is in openvinotoolkit/openvino#29003.
export const npuConvolutionChannelsUnbounded: KnownFailure = {
  id: 'npu-convolution-channels-unbounded',
  title: 'the NPU compiler saw an undefined channel count on a Convolution ("Channels count ... -9223372036854775808")',
  seen_in: ['canary', 'benchmark'],
  pattern: /Channels count of input tensor shape and filter shape must be the same: -9223372036854775808/,
  meaning:
    "the NPU compiler's shape inference got -9223372036854775808 (an undefined, dynamic dimension) as a Convolution's input channel count and aborted compiling this model; the reporter saw it with OpenVINO 2024.5 and not with 2024.4 or the 2024.5 nightlies, for a model that works on CPU and GPU",
  fix:
    "the thread (closed) does not show a released fix; the reporter's data point is that OpenVINO 2024.4 compiled the same model, so use the OpenVINO release that compiled it (or run the model on CPU/GPU) and report the model upstream",
  source: 'https://github.com/openvinotoolkit/openvino/issues/27965',
};
