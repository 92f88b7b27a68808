import type { ProbeContext, Probe } from '../types.js';
import { under } from '../../host/paths.js';
import { readValueOrNull } from '../../host/read.js';
import { readAccelNode } from './accel-node.js';
import { readNpuAttributes } from './npu-attributes.js';
import { isIntelAccelerator, isIntelGpu, npuGeneration } from './npu-pci-ids.js';
import { readPciFunctions, type PciFunction } from './pci-functions.js';
import type { DeviceReport, GpuDevice, NpuDevice } from './types.js';

// <sysfs>/module/<driver>/version, trimmed; null when unbound, built in, or the module sets no version.
async function readDriverVersion(sysfs: string, driver: string | null): Promise<string | null> {
  if (driver === null) return null;
  const version = await readValueOrNull(under(sysfs, 'module', driver, 'version'));
  return version === '' ? null : version;
}

async function readNpu(fn: PciFunction, generation: string, ctx: ProbeContext): Promise<NpuDevice> {
  const [driverVersion, node, attributes] = await Promise.all([
    readDriverVersion(ctx.paths.sysfs, fn.driver),
    readAccelNode(fn.dir, ctx.paths),
    readNpuAttributes(fn.dir),
  ]);
  return {
    pciAddress: fn.address,
    vendorId: fn.vendorId,
    deviceId: fn.deviceId,
    generation,
    revision: fn.revision,
    driver: fn.driver,
    driverVersion,
    node,
    attributes,
  };
}

// The device probe: Intel NPUs on the PCI bus (driver, sysfs attributes, /dev/accel node and whether this
// process may open it) and Intel GPUs, sorted by PCI address. A host without an NPU reports `npus: []`.
export const deviceProbe: Probe<DeviceReport> = {
  name: 'device',
  async run(ctx) {
    const npus: NpuDevice[] = [];
    const gpus: GpuDevice[] = [];
    for (const fn of await readPciFunctions(ctx.paths.sysfs, ctx.log)) {
      ctx.signal.throwIfAborted();
      const generation = npuGeneration(fn.vendorId, fn.deviceId);
      if (generation !== null) {
        npus.push(await readNpu(fn, generation, ctx));
      } else if (isIntelGpu(fn.vendorId, fn.classCode)) {
        gpus.push({ pciAddress: fn.address, deviceId: fn.deviceId, driver: fn.driver });
      } else if (isIntelAccelerator(fn.vendorId, fn.classCode)) {
        // A newer NPU than the table knows reads as "no NPU": say so instead of staying silent.
        ctx.log.warn({ pciAddress: fn.address, deviceId: fn.deviceId }, 'Intel accelerator not in the NPU id table');
      }
    }
    if (npus.length === 0) ctx.log.debug('no Intel NPU on the PCI bus');
    return { npus, gpus };
  },
};
