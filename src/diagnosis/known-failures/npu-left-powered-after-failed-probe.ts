import type { DiagnoseFacts } from '../types.js';
import type { KnownFailure } from './known-failure.js';

// The warning alone is also logged when a busy NPU is powered down; it is this failure only when intel_vpu's probe failed
// in the same boot (driver core: drivers/base/dd.c "probe with driver %s failed with error %d", older kernels
// "%s: probe of %s failed with error %d": the event probe_failed, src/probes/kernel/parse-kernel-event.ts).
function probeFailed(facts: DiagnoseFacts): boolean {
  return (facts.kernel_log ?? []).some((entry) => entry.event?.kind === 'probe_failed');
}

// Lunar Lake (Zenbook S 14 UX5406SA): before linux-firmware 20250311 shipped intel/vpu/vpu_40xx firmware, intel_vpu's probe
// failed and left the NPU powered, so the package drew a few hundred mW more at idle (about 1 W instead of 0.6 W).
// Kernel: torvalds/linux drivers/accel/ivpu/ivpu_hw.c ivpu_hw_power_down() logs ivpu_warn("NPU not idle during power down")
// when ivpu_hw_is_idle() is false, then resets the NPU and enters D0i3.
export const npuLeftPoweredAfterFailedProbe: KnownFailure = {
  id: 'npu-left-powered-after-failed-probe',
  title: 'intel_vpu failed to probe and left the NPU powered (it was not idle at power down), raising idle power',
  seen_in: ['kernel'],
  pattern: /\bivpu_hw_power_down\(\): NPU not idle during power down/,
  when: probeFailed,
  meaning:
    'the driver gave up on the NPU during probe and powered it down while it was still busy; in the thread (Lunar Lake) the ' +
    'NPU then did not shut down properly and idle package power was a few hundred mW higher than with a working driver',
  fix:
    'in the thread the NPU firmware added to linux-firmware 20250311 (intel/vpu/vpu_40xx) fixed the probe and the NPU then ' +
    'shut down correctly, idle power dropping from about 1 W to about 0.6 W: install a linux-firmware with the NPU firmware and reboot',
  source: 'https://github.com/dantmnf/zenbook-s14-ux5406sa-linux/issues/6',
};
