import type { NpuIpGeneration } from '../device/npu-pci-ids.js';
import type { PackageDatabase } from '../distro/package-tooling.js';
import type { KernelLogLine } from '../kernel/kernel-event.js';

// Where a component's version was read from.
export type ComponentSource =
  | 'rpm'
  | 'dpkg'
  | 'procfs'
  | 'os-release'
  | 'firmware-file'
  | 'kernel-log'
  | 'python'
  | 'npm';

// One versioned part of the stack, e.g. { component: 'intel-npu-driver', version: '1.16.0-1.fc44', source: 'rpm' }.
export interface Component {
  component: string;
  version: string;
  source: ComponentSource;
  // Extra context shown to people, never used as a label (e.g. the firmware file a version came from).
  detail?: string;
}

// One NPU firmware file found in a directory of the kernel's firmware search path.
export interface FirmwareFile {
  // The name a driver requests, e.g. 'intel/vpu/vpu_40xx_v1.bin' (a .zst or .xz file stands for its name).
  name: string;
  // The file as the kernel would open it, e.g. '/lib/firmware/updates/intel/vpu/vpu_40xx_v1.bin.xz'.
  kernelPath: string;
  // Where npu-watch read it (under the configured firmware root).
  path: string;
  // The version string inside the image; 'unknown' when it could not be read.
  version: string;
  // Why the version is unknown, e.g. 'permission denied'; null when it was read.
  unknownBecause: string | null;
}

// One entry of ivpu's fw_names[] table and the file the kernel would load for it (null: none found).
export interface FirmwareRequest {
  ip: NpuIpGeneration;
  name: string;
  // The kernelPath of the file the firmware loader would pick.
  loads: string | null;
}

// The NPU firmware on disk as the kernel's firmware loader sees it.
export interface FirmwareInventory {
  // The directories searched, as the kernel names them, in its order.
  searchPath: string[];
  // Every NPU firmware file found, in the loader's order (plain before .zst before .xz, each along the path).
  files: FirmwareFile[];
  // Every name ivpu requests (all IP generations, table order) with the file that would be loaded.
  requests: FirmwareRequest[];
}

export interface Inventory {
  // Sorted by component name; component names are unique.
  components: Component[];
  packageManager: PackageDatabase | null;
  // The NPU firmware files; absent only where an inventory is built by hand (tests).
  firmware?: FirmwareInventory;
  // This boot's NPU kernel lines with their times, oldest first (the latest 200); null when neither the journal nor
  // the kmsg device could be read.
  kernelLog?: KernelLogLine[] | null;
}
