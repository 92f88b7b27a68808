// The distribution packages that make up the NPU/GPU software stack, by the names Fedora (rpm)
// and Debian/Ubuntu (dpkg) give them. Inventory reports those installed; updates watches them.
export const WATCHED_PACKAGES: readonly string[] = [
  // Fedora (the seed's machine)
  'intel-npu-driver',
  'intel-vpu-firmware',
  'intel-level-zero',
  'oneapi-level-zero',
  'intel-opencl',
  // Intel's .deb releases and Ubuntu
  'intel-driver-compiler-npu',
  'intel-fw-npu',
  'intel-level-zero-npu',
  'level-zero',
  'libze1',
  'libze-intel-gpu1',
  'intel-level-zero-gpu',
  'intel-opencl-icd',
  'linux-firmware',
];
