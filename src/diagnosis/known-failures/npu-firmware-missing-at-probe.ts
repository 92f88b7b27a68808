import type { DiagnoseFacts } from '../types.js';
import type { KnownFailure } from './known-failure.js';

const FIRMWARE_REQUEST_FAILED = /\bivpu_fw_request\(\): Failed to request firmware: -\d+/;

// The failure is the NPU's state only if no later line of this boot's log reports a firmware load
// (ivpu_fw_parse()'s "Firmware: %s, version: %s": the event firmware_loaded, src/probes/kernel/parse-kernel-event.ts):
// a reload of intel_vpu after the firmware was installed (nixos-hardware#1358, before/after) leaves the old failure in the log.
function noFirmwareLoadedSinceTheFailure(facts: DiagnoseFacts): boolean {
  const log = facts.kernel_log ?? [];
  let lastFailure = -1;
  log.forEach((entry, index) => {
    if (FIRMWARE_REQUEST_FAILED.test(entry.line)) lastFailure = index;
  });
  return lastFailure !== -1 && !log.slice(lastFailure + 1).some((entry) => entry.event?.kind === 'firmware_loaded');
}

// intel_vpu found no firmware file when it probed the NPU (Meteor Lake, Ubuntu 22.04, linux-npu-driver 1.2.0
// packages purged and reinstalled), so the probe failed with -ENOENT and there is no /dev/accel node.
// Kernel: torvalds/linux drivers/accel/ivpu/ivpu_fw.c ivpu_fw_request() tries each name in fw_names[] for the
// hardware generation with firmware_request_nowarn() (whose misses are the harmless "firmware: failed to load
// vpu_37xx.bin (-2)" lines of intel/linux-npu-driver#93) and only when all fail logs ivpu_err("Failed to request firmware: %d");
// ivpu_err() prints through drm_err() with the function name, hence "[drm] *ERROR* ivpu_fw_request(): …".
export const npuFirmwareMissingAtProbe: KnownFailure = {
  id: 'npu-firmware-missing-at-probe',
  title: 'intel_vpu found no NPU firmware file when it probed the device',
  seen_in: ['kernel'],
  pattern: FIRMWARE_REQUEST_FAILED,
  when: noFirmwareLoadedSinceTheFailure,
  meaning:
    'none of the firmware names intel_vpu tries (intel/vpu/vpu_37xx_v0.0.bin … for Meteor Lake, vpu_40xx for Lunar/Arrow Lake) ' +
    'exists under /lib/firmware, so the probe failed (-2 is -ENOENT) and the NPU has no device node',
  fix:
    'the maintainer (@jwludzik) pointed at the firmware package: check that intel-fw-npu (or linux-firmware with intel/vpu) ' +
    'installed without errors and that the file exists (find /lib -name vpu_37xx_v0.0.bin), and suspected a kernel too old ' +
    'for the firmware file name; install the firmware into /lib/firmware/intel/vpu and reload intel_vpu or reboot',
  source: 'https://github.com/intel/linux-npu-driver/issues/31',
};
