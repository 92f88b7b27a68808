import type { KernelLogLine } from '../kernel/kernel-event.js';
import { readKernelLogOnce } from '../kernel/read-kernel-log-once.js';
import type { ProbeContext } from '../types.js';
import type { Component } from './types.js';

// What this boot's kernel log says about the NPU: the firmware ivpu loaded last (null: no load logged) and the
// NPU kernel lines with their times (null: the kernel log could not be read).
export interface KernelLogFacts {
  loadedFirmware: Component | null;
  lines: KernelLogLine[] | null;
}

// Reads this boot's kernel log once (src/probes/kernel/read-kernel-log-once.ts: the journal, else the kmsg device).
// Not being able to is not an error: both facts are then unknown.
export async function readKernelLog(ctx: ProbeContext): Promise<KernelLogFacts> {
  const { lines } = await readKernelLogOnce(ctx);
  return { loadedFirmware: lines === null ? null : loadedFirmware(lines), lines };
}

// The last firmware load of the boot (ivpu_fw_parse()'s "Firmware: %s, version: %s", parse-kernel-event.ts): one
// boot can load twice (from the initramfs, then from the root file system), and the later one is in use.
function loadedFirmware(lines: KernelLogLine[]): Component | null {
  for (let i = lines.length - 1; i >= 0; i -= 1) {
    const event = lines[i]!.event;
    if (event?.kind === 'firmware_loaded' && event.file && event.version) return { component: 'npu-firmware', version: event.version, source: 'kernel-log', detail: event.file };
  }
  return null;
}
