// Pure helpers for RAPL powercap zones: zone directory names, domain names, counter values and wrap-safe deltas.
import { parseSysfsInteger } from '../host/parse-sysfs.js';

// A zone directory's position in the intel-rapl tree: intel-rapl:<index> or intel-rapl:<parent>:<index>.
export interface RaplZoneId {
  index: number;
  // The parent zone's index for a sub-zone (core, uncore, dram), null for a top-level zone (package, psys).
  parentIndex: number | null;
}

// Parses a <sysfs>/class/powercap entry name; null for anything but an intel-rapl zone. The control type itself
// (`intel-rapl`) and the MMIO interface (`intel-rapl-mmio:0`, which reports the same package energy a second
// time through the processor_thermal device) are skipped so no energy is counted twice.
export function parseRaplZoneId(entry: string): RaplZoneId | null {
  const match = /^intel-rapl:(\d+)(?::(\d+))?$/.exec(entry);
  if (!match) return null;
  const first = Number(match[1]);
  return match[2] === undefined ? { index: first, parentIndex: null } : { index: Number(match[2]), parentIndex: first };
}

// The domain label of a zone: its `name` file, prefixed by its parent's for sub-zones ("package-0/core").
export function raplDomain(name: string, parentName: string | null): string {
  return parentName === null ? name : `${parentName}/${name}`;
}

// Parses a zone's `name` file ("package-0\n" → "package-0"); empty or multi-line content is an error naming the file.
export function parseRaplName(text: string, file: string): string {
  const value = text.trim();
  if (/^[\x21-\x7e]+$/.test(value)) return value;
  throw new Error(`${file}: expected a zone name like "package-0", got ${JSON.stringify(text.slice(0, 64))}`);
}

// Parses `energy_uj` (µJ since the counter last wrapped); garbage is an error naming the file.
export function parseEnergyUj(text: string, file: string): number {
  return parseSysfsInteger(text, file);
}

// Parses `max_energy_range_uj`; it must be positive, or no wrap could be undone.
export function parseMaxEnergyRangeUj(text: string, file: string): number {
  const value = parseSysfsInteger(text, file);
  if (value > 0) return value;
  throw new Error(`${file}: expected a positive energy range in µJ, got ${JSON.stringify(text.trim())}`);
}

// µJ used between two readings of one counter. The counter wraps to 0 after maxRange (max_energy_range_uj), so a
// smaller second reading means one wrap: after + maxRange - before. Two wraps between readings cannot be told from
// one; at 262143328850 µJ that takes ~2.4 h even at 30 W, so reading at least hourly keeps this exact.
export function energyDeltaUj(before: number, after: number, maxRange: number): number {
  if (after >= before) return after - before;
  if (!(maxRange > 0)) throw new RangeError(`energy counter went from ${before} to ${after} µJ with no known wrap range`);
  return after + maxRange - before;
}
