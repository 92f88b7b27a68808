import { databasesToTry } from '../distro/package-tooling.js';
import type { Probe, ProbeContext } from '../types.js';
import { readKernelRelease } from './read-kernel-release.js';
import { readDistro } from './read-distro.js';
import { readFirmwareFiles } from './read-firmware-files.js';
import { loadedFirmware, npuKernelLines, readKernelLog } from './read-kernel-log.js';
import { readOpenvinoNode, readPythonOpenvino } from './read-openvino.js';
import { readInstalledPackages } from './read-packages.js';
import type { Component, Inventory } from './types.js';

// Sorts components by name (code-unit order, locale-independent) and keeps the first of each name.
export function sortUniqueComponents(components: Component[]): Component[] {
  const byName = new Map<string, Component>();
  for (const component of components) if (!byName.has(component.component)) byName.set(component.component, component);
  return [...byName.values()].sort((a, b) => (a.component < b.component ? -1 : a.component > b.component ? 1 : 0));
}

async function run(ctx: ProbeContext): Promise<Inventory> {
  const distro = await readDistro(ctx);
  const [packages, kernel, firmwareFiles, kernelLog, pythonOpenvino, nodeOpenvino] = await Promise.all([
    readInstalledPackages(ctx, databasesToTry(distro.osRelease)),
    readKernelRelease(ctx),
    readFirmwareFiles(ctx),
    readKernelLog(ctx),
    readPythonOpenvino(ctx),
    readOpenvinoNode(ctx),
  ]);
  const found = [distro.component, kernel, ...packages.components, ...firmwareFiles, loadedFirmware(kernelLog)];
  const components = [...found, pythonOpenvino, nodeOpenvino].filter((c): c is Component => c !== null);
  return {
    components: sortUniqueComponents(components),
    packageManager: packages.packageManager,
    kernel_log: npuKernelLines(kernelLog),
  };
}

// The versions that make up this host's NPU stack: distribution, kernel, packages, firmware, OpenVINO.
export const inventoryProbe: Probe<Inventory> = { name: 'inventory', run };
