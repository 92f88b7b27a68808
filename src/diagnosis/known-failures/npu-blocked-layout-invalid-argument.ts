import type { KnownFailure } from './known-failure.js';

// Compiling for NPU (OpenVINO 2024.6, Core Ultra 7 255HX) a model with a 6-D input: the plugin describes its layout
// as BLOCKED and the driver's compiler cannot parse that.
export const npuBlockedLayoutInvalidArgument: KnownFailure = {
  id: 'npu-blocked-layout-invalid-argument',
  title: 'the NPU compiler does not take an input or output of more than 5 dimensions ("Failed to find BLOCKED")',
  seen_in: ['canary', 'benchmark'],
  pattern: /Failed to find BLOCKED for \d+/,
  meaning:
    "an input or output of the model has more dimensions than a named layout covers; OpenVINO 2024.6's NPU plugin passes its layout as \"BLOCKED\", which the driver's compiler does not support, so pfnCreate2 fails with ZE_RESULT_ERROR_INVALID_ARGUMENT (an Intel engineer found a 6-D kv-cache input in the reporter's model)",
  fix:
    "the Intel engineer's advice in the thread: reshape that input (or output) to 4-D before compiling for NPU",
  source: 'https://github.com/openvinotoolkit/openvino/issues/30532',
};
