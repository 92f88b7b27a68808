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
    "a maintainer's advice in the thread: an IR generated with a different OpenVINO is not compatible, so reconvert the model with the OpenVINO that runs it; the reporter still saw the error after reinstalling, and the thread (closed) does not show the final fix. A similar MaxPool report, intel/linux-npu-driver#44, was fixed by OpenVINO 2024.5 with the then-latest NPU driver: keep OpenVINO and the NPU driver's compiler at matching releases",
  source: 'https://github.com/openvinotoolkit/openvino_notebooks/issues/2167',
};
