// Intel PMT telemetry regions in a fixture sysfs tree, with the NPU's energy register where Intel's intel-npu-smi
// reads it. The layout is transcribed here from the tool's source on its own (not imported from src/), so a
// wrong offset or format in src/power/parse-pmt.ts fails the tests:
//   intel/linux-npu-driver, tools/intel-npu-smi/include/pmt_telemetry.hpp  PmtGuid::LNL "0x3072005", MTL "0x130670b2",
//                                                                          WCL "0x308d000"
//   intel/linux-npu-driver, tools/intel-npu-smi/src/npu_smi_common.cpp     getLnlRegisterMap() vpu_energy 0x5d0,
//                                                                          getMtlRegisterMap() 0x628, getWclRegisterMap() = PTL's 0x670
//   intel/linux-npu-driver, tools/intel-npu-smi/src/pmt_telemetry.cpp      getEnergy(): bits 31:0, U32.18.14 joules
//                                                                          (×100 on WCL); read(): little-endian
// The sysfs shape follows the kernel (torvalds/linux drivers/platform/x86/intel/pmt/class.c): a class link
// telemN → the device under its intel_vsec parent, `guid` printed "0x%x\n", `size` and `offset` "%zu\n"/"%lu\n",
// and the binary `telem` file, mode 0440 owned by root. Never compared with a real device's files: there is none here.
import fs from 'node:fs/promises';
import path from 'node:path';

export interface PmtPlatform {
  guid: string;
  energyOffset: number;
  // Raw register units per joule: 2^14 (U32.18.14), or 2^14 / 100 on Wildcat Lake.
  unitsPerJoule: number;
}

export const LUNAR_LAKE_PMT: PmtPlatform = { guid: '0x3072005', energyOffset: 0x5d0, unitsPerJoule: 2 ** 14 };
export const METEOR_LAKE_PMT: PmtPlatform = { guid: '0x130670b2', energyOffset: 0x628, unitsPerJoule: 2 ** 14 };
export const WILDCAT_LAKE_PMT: PmtPlatform = { guid: '0x308d000', energyOffset: 0x670, unitsPerJoule: 2 ** 14 / 100 };
// A region whose GUID no tool here knows (made up for the tests; real laptops expose several regions).
export const OTHER_PMT: PmtPlatform = { guid: '0xabcd0001', energyOffset: 0x5d0, unitsPerJoule: 2 ** 14 };

// The region size used: an arbitrary size above every register intel-npu-smi reads (LNL/PTL noc bw at 0xc18 + 8).
export const TELEM_SIZE = 4096;

export interface PmtRegion {
  dir: string;
  telem: string;
  platform: PmtPlatform;
}

// Adds region telem<index> under <sysfs>/class/intel_pmt (a link into <sysfs>/devices, as the kernel lays it out),
// with the NPU energy register at `joules`.
export async function addPmtRegion(sysfs: string, index: number, platform: PmtPlatform, joules = 0, size = TELEM_SIZE): Promise<PmtRegion> {
  // The PCI address of the VSEC device differs per platform; 0000:00:0a.0 is a placeholder.
  const device = path.join('devices/pci0000:00/0000:00:0a.0', `intel_vsec.telemetry.${index}`, 'intel_pmt', `telem${index}`);
  const dir = path.join(sysfs, device);
  await fs.mkdir(dir, { recursive: true });
  await fs.writeFile(path.join(dir, 'guid'), `${platform.guid}\n`);
  await fs.writeFile(path.join(dir, 'size'), `${size}\n`);
  await fs.writeFile(path.join(dir, 'offset'), '0\n');
  const telem = path.join(dir, 'telem');
  await fs.writeFile(telem, Buffer.alloc(size), { mode: 0o440 });
  await fs.chmod(telem, 0o440);
  await fs.mkdir(path.join(sysfs, 'class/intel_pmt'), { recursive: true });
  await fs.symlink(path.join('../..', device), path.join(sysfs, 'class/intel_pmt', `telem${index}`));
  const region = { dir, telem, platform };
  if (size >= platform.energyOffset + 4) await setNpuEnergy(region, joules);
  return region;
}

// The raw register for `joules`, wrapped at 32 bits as the hardware counter is.
export function rawEnergy(platform: PmtPlatform, joules: number): number {
  return Math.round(joules * platform.unitsPerJoule) % 2 ** 32;
}

// Sets the NPU energy register in place (the rest of the region untouched).
export async function setNpuEnergy(region: PmtRegion, joules: number): Promise<void> {
  const bytes = Buffer.alloc(4);
  bytes.writeUInt32LE(rawEnergy(region.platform, joules));
  const handle = await fs.open(region.telem, 'r+');
  try {
    await handle.write(bytes, 0, 4, region.platform.energyOffset);
  } finally {
    await handle.close();
  }
}
