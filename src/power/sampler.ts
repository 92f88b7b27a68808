// One power sample: RAPL energy, battery, the NPU's own energy (PMT) and busy counter, read together at one instant.
import type { Clock } from '../host/clock.js';
import { under, type HostPaths } from '../host/paths.js';
import { readTextOrNull } from '../host/read.js';
import { parseSysfsInteger } from '../host/parse-sysfs.js';
import { readBattery } from './battery.js';
import { readNpuEnergy } from './pmt.js';
import { readRapl } from './rapl.js';
import type { NpuEnergy, PowerSample } from './types.js';

// The window arithmetic over these samples (pure; lives in power-window.ts).
export { powerWindow } from './power-window.js';

// What samplePower reads besides RAPL and the battery, and where it reports missing RAPL data.
export interface SamplePowerOptions {
  // The NPU's PCI device directory (e.g. <sysfs>/bus/pci/devices/0000:00:0b.0); null or absent: no busy time.
  npuDeviceDir?: string | null;
  // Told why RAPL has no data on each sample without it (createNoDataNotice logs each reason once).
  onNoData?: (reason: string) => void;
  // Read the NPU's own energy counter from PMT telemetry (the NPU's benchmarks); absent or false: not read.
  npuEnergy?: boolean;
  // Told why there is no NPU energy on each sample without it (no PMT, unknown GUID, denied read).
  onNpuEnergyNoData?: (reason: string) => void;
}

// The NPU's energy when asked for and readable; otherwise null (and onNpuEnergyNoData told why).
async function readNpuEnergyOrNull(paths: HostPaths, options: SamplePowerOptions): Promise<NpuEnergy | null> {
  if (!options.npuEnergy) return null;
  const reading = await readNpuEnergy(paths);
  if (reading.status === 'ok') return reading.energy;
  options.onNpuEnergyNoData?.(reading.reason);
  return null;
}

// Reads <npuDeviceDir>/npu_busy_time_us (kernel 6.11+); null when there is no NPU or the kernel lacks it.
async function readNpuBusyTimeUs(npuDeviceDir: string | null | undefined): Promise<number | null> {
  if (!npuDeviceDir) return null;
  const file = under(npuDeviceDir, 'npu_busy_time_us');
  const text = await readTextOrNull(file);
  return text === null ? null : parseSysfsInteger(text, file);
}

// Samples every power source once. RAPL without data leaves energyUj empty (and calls onNoData), PMT without data
// leaves npuEnergy null (and calls onNpuEnergyNoData); garbage in any file throws an error naming it.
export async function samplePower(paths: HostPaths, clock: Clock, options: SamplePowerOptions = {}): Promise<PowerSample> {
  // The time is taken when the sample is asked for, before its reads: two samples asked one after the other (the
  // decode's start and end) keep that order whichever of their reads finishes first.
  const at = clock.monotonic() / 1000;
  const [rapl, battery, npuBusyTimeUs, npuEnergy] = await Promise.all([
    readRapl(paths),
    readBattery(paths),
    readNpuBusyTimeUs(options.npuDeviceDir),
    readNpuEnergyOrNull(paths, options),
  ]);
  if (rapl.status === 'no_data') options.onNoData?.(rapl.reason);
  return {
    at,
    energyUj: rapl.status === 'ok' ? rapl.energyUj : {},
    batteryWatts: battery.discharging ? battery.watts : null,
    batteryPercent: battery.percent,
    batteryDischarging: battery.discharging,
    npuBusyTimeUs,
    npuEnergy,
  };
}
