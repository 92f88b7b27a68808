import type { BasicLogger } from '../../log.js';
import type { KernelEvent, KernelLogLine } from './kernel-event.js';

export type KernelLogSource = 'journal' | 'kmsg';

// Where the followers report; the watch layer turns these into metrics, events and log lines.
export interface KernelLogSink {
  // An NPU kernel event; `live` is false for the lines of this boot that were logged before following began.
  event(event: KernelEvent, at: number, live: boolean): void;
  // Every NPU kernel line (an event's too, before its event), with its time: what the diagnosis reads.
  line?(line: KernelLogLine, live: boolean): void;
  // A line that was skipped as unreadable (bad JSON, bad kmsg record).
  malformed(source: KernelLogSource, reason: string): void;
  // Reading began from this source (once per source, not on each restart).
  reading(source: KernelLogSource): void;
}

// Restart delays of a follower that died: doubling from `initialMs` up to `maxMs`.
export interface Backoff {
  initialMs: number;
  maxMs: number;
}

export const DEFAULT_BACKOFF: Backoff = { initialMs: 1_000, maxMs: 60_000 };

export function backoffDelay(backoff: Backoff, failures: number): number {
  return Math.min(backoff.maxMs, backoff.initialMs * 2 ** Math.max(0, failures - 1));
}

export interface FollowerDeps {
  sink: KernelLogSink;
  log: BasicLogger;
  now: () => number;
  // Records from this moment on (ms since the epoch) happened while the daemon runs ("live"); default: when the
  // follower starts. The daemon passes its own start, so a line logged while it was still starting up counts.
  liveSince?: number;
  backoff: Backoff;
}

// A running follower: stop() ends it (and the process it started) and resolves once it is gone.
export interface Follower {
  stop(): Promise<void>;
}
