import type { KernelLogLine } from '../kernel/kernel-event.js';
import { readKernelLogOnce } from '../kernel/read-kernel-log-once.js';
import type { Probe, ProbeContext } from '../types.js';
import { loadedFirmwareOf } from './loaded-firmware.js';
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
  return { loadedFirmware: lines === null ? null : loadedFirmwareOf(lines), lines };
}

// This boot's kernel log read once more on its own (`check` reads it again after the canaries).
export const kernelLogProbe: Probe<KernelLogFacts> = { name: 'kernel_log', run: readKernelLog };
