// Wall-clock and monotonic time, injectable so schedules and timestamps are testable.
export interface Clock {
  // Milliseconds since the epoch.
  now(): number;
  // Milliseconds from an arbitrary origin, never going backwards.
  monotonic(): number;
}

export const systemClock: Clock = {
  now: () => Date.now(),
  monotonic: () => performance.now(),
};
