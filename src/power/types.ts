// One RAPL zone under <sysfs>/class/powercap (package, core, uncore, dram, psys…).
export interface RaplZone {
  // "package-0", "package-0/core", … (the zone's `name` file, prefixed by its parent's for sub-zones).
  domain: string;
  dir: string;
  // Counter wraps back to 0 after this many µJ (max_energy_range_uj).
  maxEnergyRangeUj: number;
}

// The NPU's own energy counter (Intel PMT telemetry) at one reading, with the span after which it wraps to 0.
export interface NpuEnergy {
  joules: number;
  rangeJoules: number;
}

// A reading of every readable zone at one instant, plus the battery, the NPU's own energy and busy time.
export interface PowerSample {
  // Monotonic seconds.
  at: number;
  energyUj: Record<string, number>;
  // Watts drawn from the battery when discharging, null otherwise (on AC, no battery, unreadable).
  batteryWatts: number | null;
  // Battery charge in percent, null when unknown.
  batteryPercent: number | null;
  batteryDischarging: boolean;
  npuBusyTimeUs: number | null;
  // The NPU's own energy counter from Intel PMT telemetry; null when not read (no PMT, unknown GUID, denied).
  npuEnergy: NpuEnergy | null;
}

// Power during a window (the benchmark's decode), compared with an idle baseline just before it.
export interface PowerWindow {
  seconds: number;
  // Average watts per RAPL domain (and "battery" when discharging, "npu" for the NPU's own from PMT telemetry).
  watts: Record<string, number>;
  // Average watts above the idle baseline per domain.
  watts_above_baseline: Record<string, number>;
  // Package energy (or battery when no RAPL) divided by the tokens decoded in the window.
  joules_per_token: number | null;
  // The NPU's own energy (PMT telemetry) divided by the same tokens; null without PMT readings at both ends.
  npu_joules_per_token: number | null;
  // Δnpu_busy_time_us / Δwall: proof the work ran on the NPU.
  npu_busy_ratio: number | null;
}
