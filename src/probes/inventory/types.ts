import type { PackageDatabase } from '../distro/package-tooling.js';

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

export interface Inventory {
  // Sorted by component name; component names are unique.
  components: Component[];
  packageManager: PackageDatabase | null;
  // This boot's intel_vpu kernel log lines, oldest first (for the knowledge base's kernel entries); null when the
  // journal was not readable, absent where an inventory was made without it.
  kernel_log?: string[] | null;
}
