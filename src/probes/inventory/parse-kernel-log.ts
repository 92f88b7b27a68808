// How many of this boot's NPU kernel lines the inventory keeps (the latest ones).
export const KERNEL_LOG_LINES = 200;

// The kernel lines that concern the NPU: the intel_vpu driver's own (dev_*/drm_* messages start with
// `intel_vpu <pci address>: `, `[drm] Initialized intel_vpu …`, `intel_vpu: probe of …`, and errors carry the
// function name, `[drm] *ERROR* ivpu_fw_request(): …`: torvalds/linux drivers/accel/ivpu/ivpu_drv.h ivpu_err()),
// the accel class device's (`accel accel0: …`), and the firmware loader's about NPU firmware (it logs through
// the requesting device, e.g. `intel_vpu 0000:00:0b.0: Direct firmware load for intel/vpu/… failed`,
// drivers/base/firmware_loader/main.c _request_firmware(); its own `firmware_class: ` lines are kept too).
const NPU_LINE = /\bintel_vpu\b|\bivpu_\w+\(\)|\baccel accel\d+:|\bfirmware_class\b|\bintel\/vpu\/|\bvpu_\d+xx/;

// Whether one kernel line concerns the NPU (pure).
export function isNpuKernelLine(line: string): boolean {
  return NPU_LINE.test(line);
}

// Picks this boot's NPU kernel lines from kernel log text, oldest first, at most `limit` (the latest ones),
// each as it was logged (trailing whitespace and CR removed). Pure.
export function npuKernelLines(text: string, limit = KERNEL_LOG_LINES): string[] {
  const lines = text
    .split('\n')
    .map((line) => line.trimEnd())
    .filter(isNpuKernelLine);
  return lines.slice(Math.max(0, lines.length - limit));
}
