import type { KnownFailure } from './known-failure.js';

// After upgrading linux-npu-driver from v1.13.0 to v1.16.0 (Ubuntu 24.04, kernel 6.11, OpenVINO 2025.2) every NPU
// compile failed because the process still loaded the old level-zero loader (and the old libze_intel_vpu driver name),
// so the NPU plugin had no Level Zero backend. OpenVINO: openvinotoolkit/openvino
// src/plugins/intel_npu/src/compiler_adapter/include/compiler_adapter_factory.hpp CompilerAdapterFactory throws
// "NPU Compiler Adapter must be used with LEVEL0 backend" when NPU_COMPILER_TYPE=DRIVER and the engine backend is not
// LEVEL0 (the Level Zero backend did not initialise).
export const npuLevelZeroBackendMissingStaleLoader: KnownFailure = {
  id: 'npu-level-zero-backend-missing-stale-loader',
  title: 'the NPU plugin has no Level Zero backend (a stale level-zero loader or NPU driver library is loaded)',
  seen_in: ['canary', 'benchmark'],
  pattern: /NPU Compiler Adapter must be used with LEVEL0 backend/,
  meaning:
    "the NPU plugin's Level Zero backend did not come up, so the driver's compiler cannot be used; in the thread the program " +
    'still linked a stale level-zero loader left from the previous driver release (the NPU driver library was renamed from ' +
    'libze_intel_vpu to libze_intel_npu together with the Level Zero loader change)',
  fix:
    'the reporter resolved it by removing the stale level-zero library the program linked; the maintainer (@jwludzik) asked to ' +
    'look for and remove any old libze_intel_vpu.so* (find /usr -name libze_intel_vpu.so*) and to check with strace which ' +
    'libze_* libraries are opened, then install the level-zero package of the same linux-npu-driver release',
  source: 'https://github.com/intel/linux-npu-driver/issues/107',
};
