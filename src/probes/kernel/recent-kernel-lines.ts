import type { KernelLogSource } from './follow-types.js';
import type { KernelLogLine } from './kernel-event.js';

// The NPU kernel lines a follower saw, the latest `limit` of them, oldest first: bounded memory for the daemon's
// diagnosis however long the boot and however chatty the driver.
export interface RecentKernelLines {
  add(line: KernelLogLine): void;
  // Reading began from this source: from then on lines() is what the follower saw (the whole boot first).
  reading(source: KernelLogSource): void;
  // The lines, or null while the follower reads nothing (not started, or no journal and no kmsg).
  lines(): KernelLogLine[] | null;
}

export function createRecentKernelLines(limit: number): RecentKernelLines {
  const kept: KernelLogLine[] = [];
  let source: KernelLogSource | null = null;
  return {
    add(line) {
      kept.push(line);
      if (kept.length > limit) kept.splice(0, kept.length - limit);
    },
    reading(from) {
      source = from;
    },
    lines() {
      return source === null ? null : [...kept];
    },
  };
}
