import type { KernelEvent, KernelEventKind } from '../probes/kernel/kernel-event.js';

// The kernel events that are news while the daemon runs: the NPU was reset, or its firmware did not load or boot.
// Each makes the daemon tell the user and check the NPU again.
export const TRIGGERING_KINDS: ReadonlySet<KernelEventKind> = new Set(['npu_reset', 'firmware_request_failed', 'firmware_boot_failed']);

export interface KernelTriggerOptions {
  // A burst (a recovery logs several lines; a hang may reset the NPU again) ends this long after its last line.
  quietMs: number;
  // At most one canary per this long is started by kernel events: a canary on a broken NPU can itself make the
  // driver reset it, which must not start the next canary, and so on.
  cooldownMs: number;
  now: () => number;
  // One burst: its first line, when that was logged, how many triggering lines it had, and whether to run a canary.
  onBurst(first: KernelEvent, at: number, count: number, runCanary: boolean): void;
}

export interface KernelTrigger {
  event(event: KernelEvent, at: number): void;
  // No more bursts (shutdown): a burst still waiting for quiet is dropped.
  stop(): void;
}

// Debounces the triggering kernel events into bursts.
export function createKernelTrigger(options: KernelTriggerOptions): KernelTrigger {
  let burst: { first: KernelEvent; at: number; count: number } | null = null;
  let timer: NodeJS.Timeout | null = null;
  let lastCanaryAt = Number.NEGATIVE_INFINITY;
  let stopped = false;
  const fire = () => {
    timer = null;
    if (burst === null || stopped) return;
    const { first, at, count } = burst;
    burst = null;
    const now = options.now();
    const runCanary = now - lastCanaryAt >= options.cooldownMs;
    if (runCanary) lastCanaryAt = now;
    options.onBurst(first, at, count, runCanary);
  };
  return {
    event(event, at) {
      if (stopped || !TRIGGERING_KINDS.has(event.kind)) return;
      if (burst) burst.count += 1;
      else burst = { first: event, at, count: 1 };
      if (timer) clearTimeout(timer);
      timer = setTimeout(fire, options.quietMs);
    },
    stop() {
      stopped = true;
      if (timer) clearTimeout(timer);
      timer = null;
      burst = null;
    },
  };
}
