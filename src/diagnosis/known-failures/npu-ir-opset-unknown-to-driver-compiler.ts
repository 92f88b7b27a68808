import type { KnownFailure } from './known-failure.js';

// The NPU driver's compiler reads the IR with its own OpenVINO front end; an IR written by a different OpenVINO
// (opset14 MaxPool, OpenVINO 2024.x nightly vs release) is refused at createGraph.
export const npuIrOpsetUnknownToDriverCompiler: KnownFailure = {
  id: 'npu-ir-opset-unknown-to-driver-compiler',
  title: "the NPU driver's compiler could not read the model's IR (\"from unsupported opset\")",
  seen_in: ['canary', 'benchmark'],
  pattern: /from unsupported opset: opset\d+/,
  meaning:
    "the NPU compiler inside the driver parses the model with its own OpenVINO front end, and that front end does not know an operation version (opset14 MaxPool) written by the OpenVINO that converted the model: the IR and the compiler come from different OpenVINO versions",
  fix:
    "the maintainer's answer in the thread: an IR generated with a different OpenVINO is not compatible, so reconvert the model with the OpenVINO that runs it (after installing it, e.g. the matching nightly with `pip install -U --pre openvino`), and keep the NPU driver's compiler new enough for that OpenVINO",
  source: 'https://github.com/openvinotoolkit/openvino_notebooks/issues/2167',
};
