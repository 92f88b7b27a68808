import { describe, expect, it } from 'vitest';
import { countCompilerWarnings, failureSignature } from '../../../src/canary/failure-signature.js';

// The seed's crash log, verbatim.
const SEED = `Exception from src/plugins/intel_npu/src/compiler_adapter/src/ze_graph_ext_wrappers.cpp:362:
L0 pfnCreate2 result: ZE_RESULT_ERROR_UNKNOWN, code 0x7ffffffe
/usr/include/c++/15/bits/shared_ptr_base.h:1344:
_Tp* std::__shared_ptr_deref(_Tp*) [with _Tp = cldnn::memory]:
Assertion '__p != nullptr' failed.`;
const WARNINGS = ['ENABLE_CPU_PINNING', 'NPU_STEPPING', 'NPU_MAX_TILES', 'INFERENCE_PRECISION_HINT', 'NPU_BATCH_MODE', 'EXECUTION_MODE_HINT', 'COMPILER_DYNAMIC_QUANTIZATION', 'NPU_QDQ_OPTIMIZATION']
  .map((p) => `WARNING: ${p} property is not supported by this compiler version`)
  .join('\n');

describe('failureSignature', () => {
  it("names the seed's Level Zero result, code, throw site and assertion", () => {
    expect(failureSignature(SEED)).toBe('ZE_RESULT_ERROR_UNKNOWN 0x7ffffffe ze_graph_ext_wrappers.cpp:362 assert(__p != nullptr)');
  });

  it('is the same run after run: warnings, addresses and a different build path do not change it', () => {
    const again = `${WARNINGS}\n${SEED.replace('src/plugins/intel_npu/src/compiler_adapter/src/', '/builddir/openvino/src/plugins/intel_npu/src/compiler_adapter/src/')}\nAborted (core dumped) at 0x7f3a12345678`;
    expect(failureSignature(again)).toBe(failureSignature(SEED));
  });

  it('a different failure gives a different signature', () => {
    expect(failureSignature('Exception from src/inference/src/dev/core_impl.cpp:604:\nL0 zeInit result: ZE_RESULT_ERROR_DEVICE_LOST, code 0x70000001')).toBe(
      'ZE_RESULT_ERROR_DEVICE_LOST 0x70000001 core_impl.cpp:604',
    );
  });

  it('names only failing results: the success code an OpenVINO check compares against is not part of it', () => {
    // openvinotoolkit/openvino_notebooks issue #2167 ("notebooks\\hello-npu return error"), the RuntimeError of
    // compile_model(model, "NPU"), verbatim; the last line goes on after "code 0x7ffffffe." and is cut there.
    const check = [
      'RuntimeError: Exception from src/inference/src/cpp/core.cpp:107:',
      'Exception from src/inference/src/dev/plugin.cpp:53:',
      'Exception from src/plugins/intel_npu/src/plugin/src/plugin.cpp:662:',
      'Exception from src/plugins/intel_npu/src/plugin/src/compiled_model.cpp:61:',
      "Check 'result == ZE_RESULT_SUCCESS' failed at src/plugins/intel_npu/src/compiler/src/zero_compiler_in_driver.cpp:763:",
      'Failed to compile network. L0 createGraph result: ZE_RESULT_ERROR_UNKNOWN, code 0x7ffffffe.',
    ].join('\n');
    const signature = failureSignature(check);
    expect(signature).not.toContain('ZE_RESULT_SUCCESS');
    expect(signature).toBe('ZE_RESULT_ERROR_UNKNOWN 0x7ffffffe core.cpp:107 plugin.cpp:53 plugin.cpp:662 compiled_model.cpp:61');
  });

  it('falls back to the first meaningful line, numbers masked, and null for nothing', () => {
    expect(failureSignature(`${WARNINGS}\nfailed to allocate 123456 bytes at 0x7f00deadbeef`)).toBe('failed to allocate N bytes at 0x…');
    expect(failureSignature('\n  \n')).toBeNull();
  });
});

describe('countCompilerWarnings', () => {
  it("counts the seed's eight version-mismatch warnings", () => {
    expect(countCompilerWarnings(`${WARNINGS}\n${SEED}`)).toBe(8);
    expect(countCompilerWarnings(SEED)).toBe(0);
  });
});
