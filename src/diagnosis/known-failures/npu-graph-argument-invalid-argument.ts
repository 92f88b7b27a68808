import type { KnownFailure } from './known-failure.js';

// Inference on NPU fails when the plugin binds an input/output tensor to the compiled graph (Core Ultra 7 155H,
// Meteor Lake; the same model works on other Core Ultra parts per the reporter).
export const npuGraphArgumentInvalidArgument: KnownFailure = {
  id: 'npu-graph-argument-invalid-argument',
  title: 'the NPU driver refused a tensor bound to the compiled graph (zeGraphSetArgumentValue ZE_RESULT_ERROR_INVALID_ARGUMENT)',
  seen_in: ['canary', 'benchmark'],
  pattern: /zeGraphSetArgumentValue result: ZE_RESULT_ERROR_INVALID_ARGUMENT/,
  meaning:
    "the model compiled, but at inference the NPU's Level Zero driver rejected an argument (a tensor's memory or size) that the NPU plugin bound to the graph; the reporter sees it only on a Core Ultra 7 155H while Core Ultra 5 and 9 machines run the same model",
  fix:
    'the thread is open with no fix or maintainer answer yet; compare the NPU driver version with a machine where the model runs and report both versions upstream',
  source: 'https://github.com/openvinotoolkit/openvino.genai/issues/3051',
};
