import { isNpuKernelLine } from '../inventory/parse-kernel-log.js';
import type { KernelLogLine } from './kernel-event.js';
import { parseKernelEvent } from './parse-kernel-event.js';

// One kernel message logged at `at` → the NPU kernel line it is (with the event it reports), or null when it is
// not about the NPU. Pure. A line the event parser names is kept even where the NPU filter would not see it.
export function npuKernelLine(message: string, at: number): KernelLogLine | null {
  const line = message.trimEnd();
  const event = parseKernelEvent(line);
  if (event === null && !isNpuKernelLine(line)) return null;
  return { at, line, event };
}

// The latest `limit` lines, oldest first (pure).
export function latestLines(lines: KernelLogLine[], limit: number): KernelLogLine[] {
  return lines.slice(Math.max(0, lines.length - limit));
}
