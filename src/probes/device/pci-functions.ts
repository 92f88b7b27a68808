import { under } from '../../host/paths.js';
import { linkBaseNameOrNull, listDirOrEmpty, readTextOrNull } from '../../host/read.js';
import type { ProbeLog } from '../types.js';
import { parseSysfsHex } from '../../host/parse-sysfs.js';

// One PCI function as sysfs describes it under <sysfs>/bus/pci/devices/<address>.
export interface PciFunction {
  // Domain:bus:device.function, e.g. '0000:00:0b.0'.
  address: string;
  // The function's sysfs directory (reached through the bus symlink); driver attributes live here.
  dir: string;
  vendorId: string;
  deviceId: string;
  // The 24-bit class code, e.g. 0x120000 for a processing accelerator.
  classCode: number;
  revision: string | null;
  // Base name of the bound driver (`driver` symlink), null when unbound.
  driver: string | null;
}

// Reads one hex id file; null when the file does not exist.
async function readHexOrNull(file: string, digits: number): Promise<string | null> {
  const text = await readTextOrNull(file);
  return text === null ? null : parseSysfsHex(text, file, digits);
}

async function readPciFunction(dir: string, address: string, log: ProbeLog): Promise<PciFunction | null> {
  const [vendorId, deviceId, classHex, revision, driver] = await Promise.all([
    readHexOrNull(under(dir, 'vendor'), 4),
    readHexOrNull(under(dir, 'device'), 4),
    readHexOrNull(under(dir, 'class'), 6),
    readHexOrNull(under(dir, 'revision'), 2),
    linkBaseNameOrNull(under(dir, 'driver')),
  ]);
  if (vendorId === null || deviceId === null || classHex === null) {
    log.debug({ dir }, 'PCI entry without vendor, device or class: skipped');
    return null;
  }
  return { address, dir, vendorId, deviceId, classCode: Number.parseInt(classHex, 16), revision, driver };
}

// Lists the PCI functions under <sysfs>/bus/pci/devices, sorted by address; empty when there is no PCI bus.
export async function readPciFunctions(sysfs: string, log: ProbeLog): Promise<PciFunction[]> {
  const devicesDir = under(sysfs, 'bus/pci/devices');
  const addresses = await listDirOrEmpty(devicesDir);
  const functions = await Promise.all(addresses.map((address) => readPciFunction(under(devicesDir, address), address, log)));
  return functions.filter((fn): fn is PciFunction => fn !== null);
}
