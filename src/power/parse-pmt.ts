// Pure parsing of Intel PMT telemetry (<sysfs>/class/intel_pmt/telem*/{guid,telem}) for the NPU's own energy.
//
// Every layout fact below is copied from Intel's intel-npu-smi (intel/linux-npu-driver, tools/intel-npu-smi,
// first released in NPU driver 1.32.1): the GUIDs from include/pmt_telemetry.hpp (namespace PmtGuid), the VPU
// energy register's offset from src/npu_smi_common.cpp (get*RegisterMap, RegisterMap::vpu_energy), and the
// counter's format from src/pmt_telemetry.cpp (PmtTelemetry::read, PmtTelemetry::getEnergy). It was never
// checked against a real telem file here: there is no Intel NPU on the machine this was written on.
import type { NpuEnergy } from './types.js';

// One platform's NPU energy register in its PMT telemetry region.
export interface PmtNpuLayout {
  // The platform as intel-npu-smi names it (cpuGenerationToString).
  platform: string;
  // Byte offset of the VPU energy register in the telem file (RegisterMap::vpu_energy).
  energyOffset: number;
  // Joules per unit of the raw 32-bit register: U32.18.14 fixed point ("Units: joules, Cast: U32.18.14" in
  // getEnergy), so 1/16384 J, times 100 on Wildcat Lake (getEnergy: `if (cpu_gen_ == WCL) energy *= 100`).
  joulesPerUnit: number;
}

const U32_18_14 = 1 / 2 ** 14;

// MTL/ARL: {vpu_energy 0x628}; LNL: 0x5d0; PTL (and WCL, getWclRegisterMap returns PTL's map): 0x670.
const METEOR_LAKE = { platform: 'Meteor Lake', energyOffset: 0x628, joulesPerUnit: U32_18_14 };
const ARROW_LAKE = { platform: 'Arrow Lake', energyOffset: 0x628, joulesPerUnit: U32_18_14 };
const LUNAR_LAKE = { platform: 'Lunar Lake', energyOffset: 0x5d0, joulesPerUnit: U32_18_14 };
const PANTHER_LAKE = { platform: 'Panther Lake', energyOffset: 0x670, joulesPerUnit: U32_18_14 };
const WILDCAT_LAKE = { platform: 'Wildcat Lake', energyOffset: 0x670, joulesPerUnit: U32_18_14 * 100 };

// The telemetry GUIDs intel-npu-smi knows (PmtGuid::MTL, ARL, ARL_H, ARL_S, LNL, PTL, WCL), as the kernel prints
// them (drivers/platform/x86/intel/pmt/class.c, guid_show: "0x%x\n").
export const PMT_NPU_LAYOUTS: Readonly<Record<string, PmtNpuLayout>> = {
  '0x130670b2': METEOR_LAKE,
  '0x1306a0b3': ARROW_LAKE,
  '0x1306a0b2': ARROW_LAKE, // Arrow Lake-H
  '0x1306a0b4': ARROW_LAKE, // Arrow Lake-S
  '0x3072005': LUNAR_LAKE,
  '0x3086000': PANTHER_LAKE,
  '0x308d000': WILDCAT_LAKE,
};

const REGISTER_BYTES = 4;
// The register is 32 bits wide (getEnergy reads bits 31:0), so it wraps after 2^32 units: 262144 J (2^18 J, the
// integer part's range), or 100 times that on Wildcat Lake.
const REGISTER_RANGE = 2 ** 32;

// Parses a telem directory's `guid` ("0x3072005\n"), normalised to the kernel's "0x%x" (lower case, no leading
// zeros) so it compares with intel-npu-smi's strings; anything else is an error naming the file.
export function parsePmtGuid(text: string, file: string): string {
  const value = text.trim();
  if (/^0x[0-9a-fA-F]{1,8}$/.test(value)) return `0x${Number.parseInt(value.slice(2), 16).toString(16)}`;
  throw new Error(`${file}: expected a PMT GUID like 0x3072005, got ${JSON.stringify(text.slice(0, 64))}`);
}

// The NPU energy layout for a GUID, or null for a telemetry region intel-npu-smi does not know.
export function npuLayoutFor(guid: string): PmtNpuLayout | null {
  return Object.hasOwn(PMT_NPU_LAYOUTS, guid) ? (PMT_NPU_LAYOUTS[guid] ?? null) : null;
}

// The NPU energy in a telem file's bytes: the little-endian register at the layout's offset (PmtTelemetry::read
// assembles bytes little-endian and masks bits 31:0), in joules. A file too short to hold the register is an
// error naming the file and both sizes (intel-npu-smi would print a warning and report 0 J).
export function parseNpuEnergy(telem: Uint8Array, layout: PmtNpuLayout, file: string): NpuEnergy {
  const end = layout.energyOffset + REGISTER_BYTES;
  if (telem.length < end) {
    throw new Error(`${file}: ${telem.length} bytes, too short for the ${layout.platform} NPU energy register ` +
      `at offset 0x${layout.energyOffset.toString(16)} (needs ${end} bytes)`);
  }
  const raw = new DataView(telem.buffer, telem.byteOffset, telem.byteLength).getUint32(layout.energyOffset, true);
  return { joules: raw * layout.joulesPerUnit, rangeJoules: REGISTER_RANGE * layout.joulesPerUnit };
}

// Joules used between two readings of the counter; a smaller second reading means one wrap (as RAPL's
// energyDeltaUj). Two wraps cannot be told from one: 262144 J takes over 14 h even at 5 W.
export function npuEnergyDeltaJoules(before: NpuEnergy, after: NpuEnergy): number {
  if (after.joules >= before.joules) return after.joules - before.joules;
  return after.joules + after.rangeJoules - before.joules;
}
