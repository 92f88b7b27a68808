// RAPL energy counters under <sysfs>/class/powercap (the model: node_exporter's collector/rapl_linux.go).
import fs from 'node:fs/promises';
import { under, type HostPaths } from '../host/paths.js';
import { isAbsentError, isPermissionError, listDirOrEmpty, readTextOrNull } from '../host/read.js';
import { parseEnergyUj, parseMaxEnergyRangeUj, parseRaplName, parseRaplZoneId, raplDomain, type RaplZoneId } from './parse-rapl.js';
import { raplAccessHint } from './rapl-access.js';
import type { RaplZone } from './types.js';

// One reading of every zone, or why there is none on this host ("no data" is not an error).
export type RaplReading =
  | { status: 'ok'; zones: RaplZone[]; energyUj: Record<string, number> }
  | { status: 'no_data'; reason: string };

interface FoundZone {
  id: RaplZoneId;
  entry: string;
  dir: string;
  name: string;
}

// Reads a zone's one-line file, or null when the zone vanished (module unloaded) while we looked.
async function readZoneFile<T>(dir: string, file: string, parse: (text: string, file: string) => T): Promise<T | null> {
  const path = under(dir, file);
  const text = await readTextOrNull(path);
  return text === null ? null : parse(text, path);
}

// Sorts top-level zones before sub-zones, each by index: intel-rapl:0, intel-rapl:1, intel-rapl:0:0, …
function byTreeOrder(a: FoundZone, b: FoundZone): number {
  const depth = (zone: FoundZone) => (zone.id.parentIndex === null ? 0 : 1);
  return depth(a) - depth(b) || (a.id.parentIndex ?? 0) - (b.id.parentIndex ?? 0) || a.id.index - b.id.index;
}

// Finds the intel-rapl zones with their domain names and wrap ranges; empty when the host has none. `name` and
// `max_energy_range_uj` stay world-readable after CVE-2020-8694, so only a hardened sysfs makes this throw EACCES.
export async function discoverRaplZones(paths: HostPaths): Promise<RaplZone[]> {
  const classDir = under(paths.sysfs, 'class/powercap');
  const found: FoundZone[] = [];
  for (const entry of await listDirOrEmpty(classDir)) {
    const id = parseRaplZoneId(entry);
    if (id === null) continue;
    const dir = under(classDir, entry);
    const name = await readZoneFile(dir, 'name', parseRaplName);
    if (name !== null) found.push({ id, entry, dir, name });
  }
  found.sort(byTreeOrder);
  const zones: RaplZone[] = [];
  for (const zone of found) {
    const parent = zone.id.parentIndex === null ? null
      : found.find((other) => other.id.parentIndex === null && other.id.index === zone.id.parentIndex);
    if (parent === undefined) continue;
    const maxEnergyRangeUj = await readZoneFile(zone.dir, 'max_energy_range_uj', parseMaxEnergyRangeUj);
    if (maxEnergyRangeUj === null) continue;
    let domain = raplDomain(zone.name, parent?.name ?? null);
    // Two zones with one name would merge in a per-domain counter: keep them apart by their directory.
    if (zones.some((other) => other.domain === domain)) domain = `${domain}@${zone.entry}`;
    zones.push({ domain, dir: zone.dir, maxEnergyRangeUj });
  }
  return zones;
}

// Reads energy_uj of every zone. A denied read (root-only since CVE-2020-8694) is no_data with the rule that
// grants access; content that is not a counter throws an error naming the file.
export async function readRaplEnergy(zones: RaplZone[]): Promise<RaplReading> {
  const energyUj: Record<string, number> = {};
  for (const zone of zones) {
    const file = under(zone.dir, 'energy_uj');
    let text: string;
    try {
      text = await fs.readFile(file, 'utf8');
    } catch (error) {
      if (isPermissionError(error)) return { status: 'no_data', reason: raplAccessHint(file) };
      if (isAbsentError(error)) continue;
      throw error;
    }
    energyUj[zone.domain] = parseEnergyUj(text, file);
  }
  return { status: 'ok', zones, energyUj };
}

// Discovers the zones and reads them once: ok with every counter, or no_data saying why.
export async function readRapl(paths: HostPaths): Promise<RaplReading> {
  let zones: RaplZone[];
  try {
    zones = await discoverRaplZones(paths);
  } catch (error) {
    if (!isPermissionError(error)) throw error;
    const file = (error as NodeJS.ErrnoException).path ?? under(paths.sysfs, 'class/powercap');
    return { status: 'no_data', reason: `cannot read ${file} (permission denied): the powercap zones' name and ` +
      'max_energy_range_uj are world-readable on a stock kernel, so something on this host restricts /sys' };
  }
  if (zones.length === 0) {
    return {
      status: 'no_data',
      reason: `no intel-rapl zones under ${under(paths.sysfs, 'class/powercap')} (not an Intel CPU, a VM without ` +
        'RAPL, or the intel_rapl_msr module is not loaded)',
    };
  }
  return readRaplEnergy(zones);
}
