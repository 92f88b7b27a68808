// Pure parsing of <sysfs>/class/power_supply attributes (units per the kernel's sysfs-class-power ABI:
// power_now µW, current_now µA, voltage_now µV, capacity %).

// What one battery says about itself.
export interface BatteryState {
  status: string;
  discharging: boolean;
  // Watts drawn while discharging, null when charging, full or unknown.
  watts: number | null;
  // Charge in percent, null when the battery does not report it.
  percent: number | null;
}

// The raw text of one battery's attribute files (null: the file does not exist), and the directory for messages.
export interface BatteryFiles {
  dir: string;
  status: string | null;
  power_now: string | null;
  current_now: string | null;
  voltage_now: string | null;
  capacity: string | null;
}

const STATUSES = new Set(['Unknown', 'Charging', 'Discharging', 'Not charging', 'Full']);

// Parses `status` ("Discharging\n"); anything outside the kernel's five values is an error naming the file.
export function parseSupplyStatus(text: string, file: string): string {
  const value = text.trim();
  if (STATUSES.has(value)) return value;
  throw new Error(`${file}: expected one of ${[...STATUSES].join(', ')}, got ${JSON.stringify(text.slice(0, 64))}`);
}

// Parses a signed integer attribute; some fuel gauges report discharge current or power as negative.
export function parseSupplyInteger(text: string, file: string): number {
  const value = text.trim();
  const parsed = Number(value);
  if (/^-?\d+$/.test(value) && Number.isSafeInteger(parsed)) return parsed;
  throw new Error(`${file}: expected an integer, got ${JSON.stringify(text.slice(0, 64))}`);
}

// Parses `capacity` (0–100 %).
export function parseCapacity(text: string, file: string): number {
  const value = parseSupplyInteger(text, file);
  if (value >= 0 && value <= 100) return value;
  throw new Error(`${file}: expected a charge between 0 and 100 %, got ${value}`);
}

function parsed<T>(text: string | null, dir: string, name: string, parse: (text: string, file: string) => T): T | null {
  return text === null ? null : parse(text, `${dir}/${name}`);
}

// Watts while discharging: power_now (µW), or current_now (µA) × voltage_now (µV) on gauges that report current.
// A power_now of 0 while discharging (firmware that never fills it) falls back to current × voltage.
export function dischargeWatts(powerNowUw: number | null, currentNowUa: number | null, voltageNowUv: number | null): number | null {
  if (powerNowUw !== null && powerNowUw !== 0) return Math.abs(powerNowUw) / 1e6;
  if (currentNowUa !== null && voltageNowUv !== null) return Math.abs(currentNowUa * voltageNowUv) / 1e12;
  return powerNowUw === 0 ? 0 : null;
}

// One battery's state from its attribute files.
export function parseBattery(files: BatteryFiles): BatteryState {
  const { dir } = files;
  const status = parsed(files.status, dir, 'status', parseSupplyStatus) ?? 'Unknown';
  const percent = parsed(files.capacity, dir, 'capacity', parseCapacity);
  const discharging = status === 'Discharging';
  if (!discharging) return { status, discharging, watts: null, percent };
  const watts = dischargeWatts(
    parsed(files.power_now, dir, 'power_now', parseSupplyInteger),
    parsed(files.current_now, dir, 'current_now', parseSupplyInteger),
    parsed(files.voltage_now, dir, 'voltage_now', parseSupplyInteger),
  );
  return { status, discharging, watts, percent };
}
