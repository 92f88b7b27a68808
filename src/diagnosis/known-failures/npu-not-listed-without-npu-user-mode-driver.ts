import type { KnownFailure } from './known-failure.js';
import { notListedWithout } from './npu-not-listed.js';

// /dev/accel/accel0 is passed into a container (openvino/ubuntu24_runtime:2026.0.0) and the host's intel_vpu is
// loaded, yet OpenVINO lists only CPU: the image has no NPU user-mode driver (libze_intel_npu.so, packaged as
// intel-level-zero-npu / intel-npu-driver), which OpenVINO's NPU plugin needs besides the device node
// (intel/linux-npu-driver docs/overview.md: "intel-level-zero-npu: user space driver library with name libze_intel_npu.so").
export const npuNotListedWithoutNpuUserModeDriver: KnownFailure = {
  id: 'npu-not-listed-without-npu-user-mode-driver',
  title: "OpenVINO does not list the NPU because the NPU's user-mode driver is not installed where it runs (e.g. a container)",
  // npu-watch meets no text of the thread's: the facts are the evidence (node present, NPU not listed, package absent).
  recognise: (facts) => notListedWithout(facts, NPU_USER_MODE_DRIVER),
  meaning:
    "the device node is there and the kernel driver is loaded, but the NPU's Level Zero user-mode driver (libze_intel_npu.so) is not installed in the system (or container image) OpenVINO runs in, so the NPU plugin finds no NPU. In the thread the official openvino/ubuntu24_runtime image with /dev/accel/accel0 passed in still listed only CPU",
  fix:
    "install the NPU user-mode driver where OpenVINO runs (inside the container image too: intel-level-zero-npu and intel-driver-compiler-npu from intel/linux-npu-driver with the level-zero loader; intel-npu-driver on Fedora); the thread shows no other fix",
  source: 'https://github.com/openvinotoolkit/openvino/issues/34692',
};

// Package names of the NPU's Level Zero user-mode driver: Intel's .deb, Fedora.
const NPU_USER_MODE_DRIVER = ['intel-level-zero-npu', 'intel-npu-driver'];
