import type { KnownFailure } from './known-failure.js';

// benchmark_app on an RF-DETR ONNX model on NPU (OpenVINO 2024.6, Ubuntu 24.04.2, Core Ultra 7 265K, NPU driver
// 1.10.1) fails while OpenVINO's NPU plugin waits for the inference's fence: zeFenceHostSynchronize returns
// ZE_RESULT_ERROR_UNKNOWN (0x7ffffffe, oneapi-src/level-zero include/ze_api.h).
export const npuFenceSyncUnknownError: KnownFailure = {
  id: 'npu-fence-sync-unknown-error',
  title: 'an inference on the NPU failed with an unknown error while OpenVINO waited for it (zeFenceHostSynchronize)',
  seen_in: ['canary', 'benchmark'],
  pattern: /zeFenceHostSynchronize result: ZE_RESULT_ERROR_UNKNOWN/,
  meaning:
    'the model compiled for the NPU, but its inference did not complete: the NPU driver returned ZE_RESULT_ERROR_UNKNOWN for the job. ' +
    'The thread is open with no fix; for a model failing with the same message (openvinotoolkit/openvino#27099) Intel found it fixed in ' +
    'OpenVINO 2024.5/2024.6 with NPU driver 1.10.0, while this thread still fails with OpenVINO 2024.6 and driver 1.10.1',
  fix:
    'no fix in the thread: upgrade OpenVINO and the NPU driver (intel/linux-npu-driver releases) and run `npu-watch check --device NPU` again; ' +
    'if one model keeps failing this way, run it on CPU or GPU and report it with the versions to openvinotoolkit/openvino, as this thread did',
  source: 'https://github.com/openvinotoolkit/openvino/issues/29930',
};
