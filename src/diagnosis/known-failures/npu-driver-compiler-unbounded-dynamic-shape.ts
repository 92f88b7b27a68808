import type { KnownFailure } from './known-failure.js';

// The driver's compiler refuses a model whose input has a dynamic dimension with no upper bound (YOLOv11 on a Lunar Lake
// Zenbook S 14, intel-driver-compiler-npu 1.17.0): pfnCreate2 returns ZE_RESULT_ERROR_INVALID_ARGUMENT (0x78000004).
// Compiler: openvinotoolkit/npu_compiler src/vpux_compiler/src/frontend/IE.cpp toBoundedDim() (NGraphImporter) throws
// "Upper bounds were not specified, got the default value - '{0}'" when a dimension's interval max is ov::Interval::s_max;
// intel/linux-npu-driver umd/level_zero_driver/source/ext/compiler.cpp appends "[NPU_DRV] Driver reports a failure from
// vclAllocatedExecutableCreate…, return code: …" to the log (…Create2 in current releases).
export const npuDriverCompilerUnboundedDynamicShape: KnownFailure = {
  id: 'npu-driver-compiler-unbounded-dynamic-shape',
  title: 'the NPU compiler refused a model input with a dynamic dimension that has no upper bound',
  seen_in: ['canary', 'benchmark'],
  pattern: /Upper bounds were not specified, got the default value/,
  meaning:
    'the NPU compiler needs every dynamic input dimension to be bounded (it compiles for the maximum shape); an unbounded ' +
    "dimension reaches it as 9223372036854775807 and the driver's pfnCreate2 fails with ZE_RESULT_ERROR_INVALID_ARGUMENT",
  fix:
    'the thread has no maintainer fix yet; the compiler message names the cause: give the dynamic inputs upper bounds ' +
    '(or reshape the model to static shapes) before compiling it for the NPU',
  source: 'https://github.com/intel/linux-npu-driver/issues/98',
};
