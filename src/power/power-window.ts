// Pure arithmetic turning power samples into average watts, watts above an idle baseline and joules per token.
import { npuEnergyDeltaJoules } from './parse-pmt.js';
import { energyDeltaUj } from './parse-rapl.js';
import type { PowerSample, PowerWindow, RaplZone } from './types.js';

// The pseudo-domain for the battery's own reading.
export const BATTERY_DOMAIN = 'battery';

// The pseudo-domain for the NPU's own energy counter (Intel PMT telemetry), a part of the package's energy.
export const NPU_DOMAIN = 'npu';

// The package's power in a window's watts (package-0, else the first other domain: another package, the battery);
// never the NPU's own PMT watts, which are only a part of it. null when none was measured (pure).
export function packageWattsOf(watts: Record<string, number>): number | null {
  return watts['package-0'] ?? Object.entries(watts).find(([domain]) => domain !== NPU_DOMAIN)?.[1] ?? null;
}

// Above this average the NPU counter did not count energy but restarted (a reset the wrap arithmetic would turn
// into ~262 kJ at once); an NPU draws a few watts.
const MAX_PLAUSIBLE_NPU_WATTS = 1000;

// Joules the NPU itself used between two samples (wrap-safe), or null without a PMT reading at both ends or
// when the counter restarted in between.
export function npuJoules(start: PowerSample, end: PowerSample): number | null {
  const seconds = end.at - start.at;
  if (start.npuEnergy === null || end.npuEnergy === null || !(seconds > 0)) return null;
  const joules = npuEnergyDeltaJoules(start.npuEnergy, end.npuEnergy);
  return joules / seconds > MAX_PLAUSIBLE_NPU_WATTS ? null : joules;
}

// Joules each RAPL domain used between two samples (wrap-safe); domains missing from either sample are left out.
export function energyJoules(start: PowerSample, end: PowerSample, zones: RaplZone[]): Record<string, number> {
  const joules: Record<string, number> = {};
  for (const zone of zones) {
    const before = start.energyUj[zone.domain];
    const after = end.energyUj[zone.domain];
    if (before === undefined || after === undefined) continue;
    joules[zone.domain] = energyDeltaUj(before, after, zone.maxEnergyRangeUj) / 1e6;
  }
  return joules;
}

// Average watts per domain between two samples; "battery" is the mean of the two instantaneous battery readings
// (power_now is a moment, not an integral), present only when the battery discharged at both ends; "npu" is the
// NPU's own energy from PMT telemetry, present only when it was read at both ends.
export function averageWatts(start: PowerSample, end: PowerSample, zones: RaplZone[]): Record<string, number> {
  const seconds = end.at - start.at;
  if (!(seconds > 0)) return {};
  const watts: Record<string, number> = {};
  for (const [domain, joules] of Object.entries(energyJoules(start, end, zones))) watts[domain] = joules / seconds;
  if (start.batteryWatts !== null && end.batteryWatts !== null) {
    watts[BATTERY_DOMAIN] = (start.batteryWatts + end.batteryWatts) / 2;
  }
  const npu = npuJoules(start, end);
  if (npu !== null) watts[NPU_DOMAIN] = npu / seconds;
  return watts;
}

// Joules the decode cost. Package energy (all top-level package-N zones) comes first: the NPU sits in the SoC
// package on Meteor/Lunar Lake, so it covers the NPU plus the CPU driving the decode, as published figures do.
// psys (the whole platform: display, memory, SSD) is the fallback where no package zone reads, and the battery
// (instantaneous readings, the whole laptop) the last resort when there is no RAPL at all.
function decodeJoules(joules: Record<string, number>, watts: Record<string, number>, seconds: number): number | null {
  const packages = Object.entries(joules).filter(([domain]) => /^package-\d+$/.test(domain));
  if (packages.length > 0) return packages.reduce((sum, [, value]) => sum + value, 0);
  if (joules.psys !== undefined) return joules.psys;
  const battery = watts[BATTERY_DOMAIN];
  return battery === undefined ? null : battery * seconds;
}

// Δnpu_busy_time_us / Δwall, clamped to [0, 1]; null without both readings or when the counter went backwards
// (driver reloaded): a made-up 0 would wrongly say the work did not run on the NPU.
function busyRatio(start: PowerSample, end: PowerSample, seconds: number): number | null {
  if (start.npuBusyTimeUs === null || end.npuBusyTimeUs === null || !(seconds > 0)) return null;
  const busyUs = end.npuBusyTimeUs - start.npuBusyTimeUs;
  if (busyUs < 0) return null;
  return Math.min(1, busyUs / (seconds * 1e6));
}

// Power during a window compared with the idle baseline measured just before it.
export function powerWindow(
  baselineStart: PowerSample,
  baselineEnd: PowerSample,
  windowStart: PowerSample,
  windowEnd: PowerSample,
  tokens: number,
  zones: RaplZone[],
): PowerWindow {
  const seconds = windowEnd.at - windowStart.at;
  const watts = averageWatts(windowStart, windowEnd, zones);
  const baseline = averageWatts(baselineStart, baselineEnd, zones);
  const watts_above_baseline: Record<string, number> = {};
  for (const [domain, value] of Object.entries(watts)) {
    const idle = baseline[domain];
    if (idle !== undefined) watts_above_baseline[domain] = Math.max(0, value - idle);
  }
  const joules = seconds > 0 && tokens > 0 ? decodeJoules(energyJoules(windowStart, windowEnd, zones), watts, seconds) : null;
  const npu = tokens > 0 ? npuJoules(windowStart, windowEnd) : null;
  return {
    seconds,
    watts,
    watts_above_baseline,
    joules_per_token: joules === null ? null : joules / tokens,
    npu_joules_per_token: npu === null ? null : npu / tokens,
    npu_busy_ratio: busyRatio(windowStart, windowEnd, seconds),
  };
}
