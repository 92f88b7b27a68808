import type { NotifierClock } from '../../../src/notify/notifier.js';

// A clock whose time moves only when a test says so; due timers run in order as it moves.
export function fakeClock(start = 1_000_000): NotifierClock & { advance(ms: number): void; pending(): number; nextAt(): number | undefined } {
  let now = start;
  let nextHandle = 1;
  const timers = new Map<number, { at: number; callback: () => void }>();
  return {
    now: () => now,
    monotonic: () => now,
    setTimeout(callback, ms) {
      const handle = nextHandle++;
      timers.set(handle, { at: now + ms, callback });
      return handle;
    },
    clearTimeout(handle) {
      timers.delete(handle as number);
    },
    advance(ms) {
      const target = now + ms;
      for (;;) {
        const due = [...timers.entries()].filter(([, timer]) => timer.at <= target).sort((a, b) => a[1].at - b[1].at || a[0] - b[0])[0];
        if (!due) break;
        timers.delete(due[0]);
        now = due[1].at;
        due[1].callback();
      }
      now = target;
    },
    pending: () => timers.size,
    nextAt: () => (timers.size > 0 ? Math.min(...[...timers.values()].map((timer) => timer.at)) : undefined),
  };
}
