// The NPU's own energy counter in Intel PMT telemetry under <sysfs>/class/intel_pmt, found the way Intel's
// intel-npu-smi finds it (intel/linux-npu-driver, tools/intel-npu-smi/src/pmt_telemetry.cpp,
// PmtTelemetry::initialize): the first telem* directory whose `guid` is a known platform's, then its `telem` file
// read whole (PmtTelemetry::updateBuffer). Never checked on a real device here (no NPU on this machine).
import fs from 'node:fs/promises';
import { under, type HostPaths } from '../host/paths.js';
import { isAbsentError, isPermissionError, listDirOrEmpty, readTextOrNull } from '../host/read.js';
import { npuLayoutFor, parseNpuEnergy, parsePmtGuid, PMT_NPU_LAYOUTS } from './parse-pmt.js';
import { pmtAccessHint } from './pmt-access.js';
import type { NpuEnergy } from './types.js';

// One reading of the NPU's energy counter, or why there is none on this host ("no data" is not an error).
export type PmtReading =
  | { status: 'ok'; platform: string; file: string; energy: NpuEnergy }
  | { status: 'no_data'; reason: string };

// telem0 < telem1 < telem10: the kernel numbers regions in discovery order (class.c, "%s%d", ns->name, devid).
function byRegionNumber(a: string, b: string): number {
  return Number(a.slice(5)) - Number(b.slice(5));
}

// The first telem region whose GUID intel-npu-smi knows, with its layout; or the GUIDs seen, for the message.
async function findNpuRegion(classDir: string) {
  const seen: string[] = [];
  const entries = (await listDirOrEmpty(classDir)).filter((entry) => /^telem\d+$/.test(entry)).sort(byRegionNumber);
  for (const entry of entries) {
    const guidFile = under(classDir, entry, 'guid');
    const text = await readTextOrNull(guidFile);
    if (text === null) continue;
    const guid = parsePmtGuid(text, guidFile);
    const layout = npuLayoutFor(guid);
    if (layout !== null) return { found: { file: under(classDir, entry, 'telem'), layout } };
    seen.push(guid);
  }
  return { found: null, entries: entries.length, seen };
}

// Reads the NPU's energy counter once: ok with its value, or no_data saying why (no PMT, no known GUID, a denied
// read, a file too short for the register). Garbage in a guid file throws an error naming it.
export async function readNpuEnergy(paths: HostPaths): Promise<PmtReading> {
  const classDir = under(paths.sysfs, 'class/intel_pmt');
  const region = await findNpuRegion(classDir);
  if (region.found === null) {
    if (region.entries === 0) {
      return { status: 'no_data', reason: `no PMT telemetry under ${classDir} (not an Intel platform with PMT, ` +
        'or the intel_pmt_telemetry module is not loaded)' };
    }
    return { status: 'no_data', reason: `no PMT telemetry region under ${classDir} has a GUID with a known NPU ` +
      `energy register (found ${region.seen.join(', ') || 'none readable'}; known: ${Object.keys(PMT_NPU_LAYOUTS).join(', ')})` };
  }
  const { file, layout } = region.found;
  let telem: Buffer;
  try {
    telem = await fs.readFile(file);
  } catch (error) {
    if (isPermissionError(error)) return { status: 'no_data', reason: pmtAccessHint(file) };
    if (isAbsentError(error)) return { status: 'no_data', reason: `${file} does not exist (a region without data)` };
    throw error;
  }
  try {
    return { status: 'ok', platform: layout.platform, file, energy: parseNpuEnergy(telem, layout, file) };
  } catch (error) {
    return { status: 'no_data', reason: (error as Error).message };
  }
}
