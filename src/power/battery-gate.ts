// Decides whether the benchmark may run on battery power; the canary always runs.
import type { PowerSample } from './types.js';

// Allowed, or skipped with a reason recorded as the benchmark's skip reason.
export type BenchmarkGate = { allowed: true } | { allowed: false; reason: string };

// Formats a charge: capacity is whole percent, a mean of two batteries may not be.
function percentText(value: number): string {
  return `${Number.isInteger(value) ? value : value.toFixed(1)}%`;
}

// On battery below minPercent the benchmark is skipped ("on battery at 18% (below 30%)"); on AC, with no battery,
// or with an unknown charge it is allowed.
export function benchmarkAllowed(
  sample: Pick<PowerSample, 'batteryDischarging' | 'batteryPercent'>,
  minPercent: number,
): BenchmarkGate {
  const percent = sample.batteryPercent;
  if (!sample.batteryDischarging || percent === null || percent >= minPercent) return { allowed: true };
  return { allowed: false, reason: `on battery at ${percentText(percent)} (below ${percentText(minPercent)})` };
}
