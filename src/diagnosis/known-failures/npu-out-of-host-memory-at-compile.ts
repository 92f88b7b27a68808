import type { KnownFailure } from './known-failure.js';

// Compiling a large statically shaped Llama-3-based model for NPU (OpenVINO 2024.2, Ubuntu 22.04, Meteor Lake, NPU
// driver 1.5.0) fails with Level Zero's ZE_RESULT_ERROR_OUT_OF_HOST_MEMORY (0x70000002, "insufficient host memory to
// satisfy call", oneapi-src/level-zero include/ze_api.h) although the machine had memory to spare; CPU and GPU compile it.
export const npuOutOfHostMemoryAtCompile: KnownFailure = {
  id: 'npu-out-of-host-memory-at-compile',
  title: 'the NPU stack ran out of host memory compiling a large model (ZE_RESULT_ERROR_OUT_OF_HOST_MEMORY)',
  seen_in: ['canary', 'benchmark'],
  pattern: /ZE_RESULT_ERROR_OUT_OF_HOST_MEMORY/,
  meaning:
    "the NPU driver's compiler reported insufficient host memory for the model, while (per the reporter) the process used no more than 10 GB " +
    'of a machine with memory free: the model is too large for the NPU stack of that release, not for the machine',
  fix:
    'the thread is closed and its stored copy shows no fix from the maintainers; the reporter found the same model compiles for the NPU with smaller ' +
    'layers (hidden size 1024 instead of 4096): use a smaller model or a split/quantized one for the NPU, or run it on CPU or GPU, and report ' +
    'the model with the versions to openvinotoolkit/openvino',
  source: 'https://github.com/openvinotoolkit/openvino/issues/25241',
};
