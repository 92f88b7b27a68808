import type { KnownFailure } from './known-failure.js';

// The driver's compiler (intel-driver-compiler-npu) emits a blob whose mapped-inference version the installed NPU
// firmware/driver does not accept; createGraph fails with ZE_RESULT_ERROR_UNSUPPORTED_VERSION (0x78000002).
// Thread: intel/linux-npu-driver#48 (Ubuntu, OpenVINO 2024.2, dlstreamer in docker); the same text is in
// intel/linux-npu-driver#28 (title) and intel/intel-npu-acceleration-library#64. The OpenVINO side of the text is
// zero_compiler_in_driver.cpp's "Failed to compile network. L0 createGraph result: …" check in the NPU plugin (the file
// and line are in the text). intel/linux-npu-driver docs/overview.md, Troubleshooting "Firmware version mismatch", names
// this exact message: the NPU compiler mismatches the NPU firmware, and the firmware must be upgraded.
export const npuElfMappedInferenceVersionMismatch: KnownFailure = {
  id: 'npu-elf-mapped-inference-version-mismatch',
  title: "the NPU driver's compiler produced a blob the firmware cannot run (mapped-inference version mismatch)",
  seen_in: ['canary', 'benchmark'],
  pattern: /MAPPED_INFERENCE_VERSION is NOT compatible with the ELF/,
  meaning:
    'the compiler inside the NPU driver (libnpu_driver_compiler) and the NPU firmware/driver disagree on the ' +
    'mapped-inference ELF version ("Expected: 6.1.0 vs received: 7.0.0"): createGraph returns ZE_RESULT_ERROR_UNSUPPORTED_VERSION, ' +
    'so no model compiles on the NPU; the packages come from different linux-npu-driver releases',
  fix:
    'the stored copy of the thread shows no resolution post; the maintainers\' troubleshooting guide (docs/overview.md, ' +
    '"Firmware version mismatch") says to upgrade the NPU firmware to the linux-npu-driver release that matches the installed ' +
    'compiler (intel-fw-npu of the same release as intel-driver-compiler-npu); intel_vpu reads the firmware when it probes the NPU (ivpu_fw_init), so reload it or reboot',
  source: 'https://github.com/intel/linux-npu-driver/issues/48',
};
