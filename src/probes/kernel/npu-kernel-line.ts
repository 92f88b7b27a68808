import type { KernelLogLine } from './kernel-event.js';
import { parseKernelEvent } from './parse-kernel-event.js';

// How many of this boot's NPU kernel lines are kept for the diagnosis (the latest ones): by the inventory's
// one-shot read and by the daemon's follower.
export const KERNEL_LOG_LINES = 200;

// The kernel lines that concern the NPU: the intel_vpu driver's own (dev_*/drm_* messages start with
// `intel_vpu <pci address>: `, `[drm] Initialized intel_vpu …`, `intel_vpu: probe of …`, and errors carry the
// function name, `[drm] *ERROR* ivpu_fw_request(): …`: torvalds/linux drivers/accel/ivpu/ivpu_drv.h ivpu_err()),
// the accel class device's (`accel accel0: …`), and the firmware loader's about NPU firmware (it logs through
// the requesting device, e.g. `intel_vpu 0000:00:0b.0: Direct firmware load for intel/vpu/… failed`,
// drivers/base/firmware_loader/main.c _request_firmware(); its own `firmware_class: ` lines are kept too).
const NPU_LINE = /\bintel_vpu\b|\bivpu_\w+\(\)|\baccel accel\d+:|\bfirmware_class\b|\bintel\/vpu\/|\bvpu_\d+xx/;

// One kernel message logged at `at` → the NPU kernel line it is (with the event it reports), or null when it is
// not about the NPU. Pure. A line the event parser names is kept even where the NPU filter would not see it.
export function npuKernelLine(message: string, at: number): KernelLogLine | null {
  const line = message.trimEnd();
  const event = parseKernelEvent(line);
  if (event === null && !NPU_LINE.test(line)) return null;
  return { at, line, event };
}

// Kernel records (oldest first) → their NPU lines, the latest `limit` (pure).
export function npuKernelLog(records: ReadonlyArray<{ message: string; at: number }>, limit = KERNEL_LOG_LINES): KernelLogLine[] {
  const lines = records.map((record) => npuKernelLine(record.message, record.at)).filter((line): line is KernelLogLine => line !== null);
  return lines.slice(Math.max(0, lines.length - limit));
}
