import { KERNEL_EVENT_KINDS, type KernelEvent } from '../probes/kernel/kernel-event.js';
import type { KernelLogSource } from '../probes/kernel/follow-types.js';
import type { Metrics } from './registry.js';

// Reading the kernel log began: every kind starts at 0 (so an alert's increase() sees the first event), and the
// source's malformed-line count too. Before this, and when the log cannot be read, the series are absent.
export function recordKernelLogReading(metrics: Metrics, source: KernelLogSource): void {
  for (const kind of KERNEL_EVENT_KINDS) metrics.kernelEvents.inc({ kind }, 0);
  metrics.kernelLogMalformedLines.inc({ source }, 0);
}

// One NPU kernel event: its kind's count, and for a firmware load the load's series (the previous one goes).
export function recordKernelEvent(metrics: Metrics, event: KernelEvent): void {
  metrics.kernelEvents.inc({ kind: event.kind });
  if (event.kind === 'firmware_loaded' && event.file !== undefined) {
    metrics.kernelFirmwareLoad.reset();
    metrics.kernelFirmwareLoad.set({ file: event.file, version: event.version ?? 'unknown' }, 1);
  }
}

export function recordKernelLogMalformed(metrics: Metrics, source: KernelLogSource): void {
  metrics.kernelLogMalformedLines.inc({ source });
}
