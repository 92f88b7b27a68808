import type { KnownFailure } from './known-failure.js';
import { notListedWithout } from './npu-not-listed.js';

// The NPU's kernel driver is loaded and /dev/accel exists, yet OpenVINO does not list the NPU: the Level Zero
// loader (libze_loader.so.1, packaged as level-zero / libze1 / oneapi-level-zero) is not installed, and OpenVINO's
// NPU plugin reaches the NPU's user-space driver only through it (intel/linux-npu-driver docs/overview.md,
// "Device is not detectable": "Check if the Level Zero loader is found in system").
export const npuNotListedWithoutLevelZeroLoader: KnownFailure = {
  id: 'npu-not-listed-without-level-zero-loader',
  title: 'OpenVINO does not list the NPU because the Level Zero loader is not installed',
  // npu-watch meets no text of the thread's: the facts are the evidence (node present, NPU not listed, package absent).
  recognise: (facts) => notListedWithout(facts, LEVEL_ZERO_LOADER),
  meaning:
    'the kernel side is fine (intel_vpu bound, /dev/accel node present), but no Level Zero loader package is installed, so the NPU plugin cannot reach the NPU user-space driver. In the thread the missing pieces, found with strace, were the packages level-zero and intel-npu-driver',
  fix:
    'install the Level Zero loader and the NPU user-space driver (the thread: level-zero and intel-npu-driver on Arch; oneapi-level-zero and intel-npu-driver on Fedora; libze1 or level-zero with intel-level-zero-npu and intel-driver-compiler-npu from intel/linux-npu-driver on Ubuntu), then run `npu-watch check --device NPU` again',
  source: 'https://github.com/openvinotoolkit/openvino/issues/32099',
};

// Package names of the Level Zero loader: Ubuntu/Debian, Intel's .deb, Fedora.
const LEVEL_ZERO_LOADER = ['libze1', 'level-zero', 'oneapi-level-zero'];
