import fs from 'node:fs';
import si from 'systeminformation';
import { defaultHostPaths, under, type HostPaths } from '../../host/paths.js';

// What names this machine on the page beyond what the probes read (distribution, kernel and NPU come from them).
export interface HostIdentity {
  // "Intel(R) Core(TM) Ultra 7 258V"; null when unknown.
  cpu: string | null;
  // The machine's vendor and model from the firmware's DMI tables.
  vendor: string | null;
  model: string | null;
}

// How long the identity may take (systeminformation runs dmidecode where it can).
const IDENTITY_TIMEOUT_MS = 10_000;

// The host's identity. On the real roots through systeminformation: si.cpu() gives `manufacturer` and `brand`
// (sebhildebrandt/systeminformation lib/cpu.js, from /proc/cpuinfo's "model name"), si.system() gives
// `manufacturer` and `model` (lib/system.js: dmidecode, else /sys/devices/virtual/dmi/id/sys_vendor and
// product_name); the field names are its lib/index.d.ts CpuData and SystemData. systeminformation cannot be
// pointed at other roots, so with [paths] moved (a fixture, a container's view of the host) the same files are read
// under the configured roots instead.
export async function readHostIdentity(paths: HostPaths): Promise<HostIdentity> {
  if (paths.sysfs !== defaultHostPaths.sysfs || paths.procfs !== defaultHostPaths.procfs) return readFromRoots(paths);
  // The timeout resolves (never rejects: a rejection after systeminformation answered would be unhandled and end the
  // daemon) and its timer is cleared either way.
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<null>((resolve) => {
    timer = setTimeout(() => resolve(null), IDENTITY_TIMEOUT_MS);
  });
  try {
    const answered = await Promise.race([Promise.all([si.cpu(), si.system()]), timeout]);
    if (answered === null) return readFromRoots(paths);
    const [cpu, system] = answered;
    return {
      cpu: known(cpu.manufacturer && !cpu.brand.startsWith(cpu.manufacturer) ? `${cpu.manufacturer} ${cpu.brand}` : cpu.brand),
      vendor: known(system.manufacturer),
      model: known(system.model),
    };
  } catch {
    return readFromRoots(paths);
  } finally {
    clearTimeout(timer);
  }
}

function readFromRoots(paths: HostPaths): HostIdentity {
  const cpuinfo = readOrNull(under(paths.procfs, 'cpuinfo'));
  const modelName = cpuinfo?.split('\n').find((line) => /^model name\s*:/.test(line));
  return {
    cpu: known(modelName?.slice(modelName.indexOf(':') + 1) ?? null),
    vendor: known(readOrNull(under(paths.sysfs, 'devices/virtual/dmi/id/sys_vendor'))),
    model: known(readOrNull(under(paths.sysfs, 'devices/virtual/dmi/id/product_name'))),
  };
}

function readOrNull(file: string): string | null {
  try {
    return fs.readFileSync(file, 'utf8');
  } catch {
    return null;
  }
}

// Firmware placeholders say nothing ("To Be Filled By O.E.M.", "Default string", "System Product Name").
function known(value: string | null): string | null {
  const text = value?.trim() ?? '';
  if (text === '' || /^(to be filled by o\.e\.m\.|default string|system product name|system manufacturer|not specified|unknown)$/i.test(text)) return null;
  return text;
}
