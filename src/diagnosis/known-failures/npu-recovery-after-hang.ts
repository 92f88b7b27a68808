import type { KnownFailure } from './known-failure.js';

// intel_vpu found an NPU job hung (or the firmware reported a fatal error) and reset the NPU. Intel's NPU driver
// maintainers announced in the thread that from NPU driver (firmware) 1.13.0 on, kernels without their fix cannot
// recover the NPU from such a broken workload, which then ends in ZE_RESULT_ERROR_DEVICE_LOST. The thread has prose only;
// the lines matched are the kernel's own: torvalds/linux drivers/accel/ivpu/ivpu_pm.c ivpu_pm_recovery_work() logs
// ivpu_err("Recovering the NPU (reset #%d)"), reached through ivpu_pm_trigger_recovery() ("Recovery triggered by %s"),
// e.g. from ivpu_job_timeout_work() ("Job timeout detected, heartbeat not progressed", reason "TDR"). Kernels before the
// VPU-to-NPU rename in the driver's messages print "Recovering the VPU (reset #%d)" from the same function.
export const npuRecoveryAfterHang: KnownFailure = {
  id: 'npu-recovery-after-hang',
  title: 'the NPU hung and the intel_vpu kernel driver reset it (a recovery some kernels cannot complete)',
  seen_in: ['kernel'],
  pattern: /\bRecovering the [NV]PU \(reset #/,
  meaning:
    'an NPU job hung or failed in the firmware and intel_vpu reset the NPU this boot; per the thread, with NPU driver 1.13.0 or newer on a kernel ' +
    'without the intel_vpu fix the reset cannot bring the NPU back (an error code from the firmware is not handled), and inferences then end ' +
    'with ZE_RESULT_ERROR_DEVICE_LOST until the driver is reloaded',
  fix:
    'reload the kernel driver: `sudo rmmod intel_vpu` then `sudo modprobe intel_vpu`; for good, use a kernel with the intel_vpu patch the thread links ' +
    '(lore.kernel.org/stable, 2025-04-01, or intel_vpu from drm-tip) or firmware older than 1.13.0. If DEVICE_LOST repeats after that, the thread says the ' +
    'model may not be supported on the NPU: report it to openvinotoolkit/openvino',
  source: 'https://github.com/intel/linux-npu-driver/issues/87',
};
