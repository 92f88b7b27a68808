import type { KnownFailure } from './known-failure.js';

// The NPU compiler's broadcast check met INT64_MAX against INT64_MIN (unbounded dynamic dimensions) compiling a
// VLM's vision embeddings for NPU (VLMPipeline, tiny-random-minicpmv-2_6, InternVL2-1B, MiniCPM-V-2_6).
export const npuNonBroadcastableUnboundedDims: KnownFailure = {
  id: 'npu-non-broadcastable-unbounded-dims',
  title: "the NPU compiler met unbounded dynamic dimensions in a broadcast (\"Got non broadcastable dimensions pair : '9223372036854775807'\")",
  seen_in: ['canary', 'benchmark'],
  pattern: /Got non broadcastable dimensions pair : '9223372036854775807'/,
  meaning:
    "a dimension reached the NPU compiler without an upper bound (9223372036854775807 against -9223372036854775808), so its broadcast check failed: the part of the pipeline compiled for NPU (here the VLM's vision embeddings) still had dynamic shapes",
  fix:
    "the thread (closed) does not show the fix; the NPU compiler needs static or upper-bounded shapes, so reshape that model's inputs to fixed sizes before compiling it for NPU (or keep that part of the pipeline on CPU/GPU)",
  source: 'https://github.com/openvinotoolkit/openvino.genai/issues/1969',
};
