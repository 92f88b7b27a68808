import type { KnownFailure } from './known-failure.js';

// An inference on the NPU (benchmark_app, yolo-v4-tf FP16 and INT8, OpenVINO 2024.1, Ubuntu 22.04.3, Meteor Lake
// Core Ultra 7 165HL, NPU driver 1.2.0) ends with the Level Zero "device lost" result while the plugin waits on the
// job's fence. The text after the code is Level Zero's description of ZE_RESULT_ERROR_DEVICE_LOST = 0x70000001
// (oneapi-src/level-zero include/ze_api.h, enum _ze_result_t), which OpenVINO's NPU plugin appends to the failed call.
export const npuDeviceLostAtInference: KnownFailure = {
  id: 'npu-device-lost-at-inference',
  title: 'the NPU was lost during an inference (Level Zero ZE_RESULT_ERROR_DEVICE_LOST)',
  seen_in: ['canary', 'benchmark'],
  pattern: /ZE_RESULT_ERROR_DEVICE_LOST, code 0x70000001/,
  meaning:
    'the NPU job did not complete: the NPU hung or was reset while OpenVINO waited for it (zeFenceHostSynchronize), so the inference failed. ' +
    "The thread (closed) does not show its resolution in the stored copy; Intel's NPU driver maintainers say in intel/linux-npu-driver#87 that after " +
    'such a failure the intel_vpu kernel driver of some kernels cannot recover the NPU (a firmware error code it does not handle, from NPU driver 1.13.0 on), ' +
    'and that a DEVICE_LOST that keeps repeating after recovery may mean the model is not supported on the NPU',
  fix:
    'reload the kernel driver (`sudo rmmod intel_vpu && sudo modprobe intel_vpu`) and run `npu-watch check --device NPU` again (intel/linux-npu-driver#87); ' +
    'if the NPU keeps failing, use a kernel with the intel_vpu recovery fix or firmware older than 1.13.0 (same thread); if only one model fails this way, ' +
    'report that model to openvinotoolkit/openvino with the versions, as this thread did',
  source: 'https://github.com/openvinotoolkit/openvino/issues/24560',
};
