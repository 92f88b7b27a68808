import type { KnownFailure } from './known-failure.js';

// The NPU compiler (vpux-compiler, in the NPU driver) gave up on Swin-Large on a Meteor Lake NPU (3720) under Ubuntu
// 24.04.2: an MLIR legalization failure at a residual Add of the window attention, in pass ConvertAsyncOpsToTasks, with
// NPU driver 1.10.0 and again with 1.24.0 (OpenVINO 2026.2.1). The compiler logs the pass failure and the diagnostic
// on the compile's native output ("[ERROR] <time> [vpux-compiler] ..."), as in the other vpux-compiler entries.
export const npuCompilerUnresolvedMaterialization: KnownFailure = {
  id: 'npu-compiler-unresolved-materialization',
  title: "the NPU compiler could not legalize a buffer layout conversion (\"failed to legalize unresolved materialization\")",
  seen_in: ['canary', 'benchmark'],
  pattern: /failed to legalize unresolved materialization\b/,
  meaning:
    "the NPU driver's compiler failed on the model itself: a conversion between two layouts of a buffer split across the " +
    "NPU's tiles (the post names both DistributedBuffer types) was left that it could not lower, so the compile stops. In the " +
    'thread it happens deterministically at the same Add of the Swin-Large window attention, with NPU driver 1.10.0 and ' +
    'still with 1.24.0; forcing NPU_TILES=1 moves the same failure to the Softmax of that block',
  fix:
    'the thread shows no fix: upgrading the NPU driver from 1.10.0 to 1.24.0 did not help (it did fix the companion report ' +
    "of wrong Swin results, openvinotoolkit/openvino#37264), NPU_TILES=1 did not help, and Intel's support closed the issue " +
    'without a resolution in its posts; the model compiles and runs on CPU and GPU, so run it there',
  source: 'https://github.com/openvinotoolkit/openvino/issues/37265',
};
