import path from 'node:path';

// The host roots every probe reads through; tests point them at fixture trees.
export interface HostPaths {
  sysfs: string;
  procfs: string;
  dev: string;
  firmware: string;
  etc: string;
}

export const defaultHostPaths: HostPaths = {
  sysfs: '/sys',
  procfs: '/proc',
  dev: '/dev',
  firmware: '/lib/firmware',
  etc: '/etc',
};

// Joins a host root with path parts, e.g. under(paths.sysfs, 'bus/pci/devices').
export function under(root: string, ...parts: string[]): string {
  return path.join(root, ...parts);
}
