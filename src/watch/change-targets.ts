import path from 'node:path';
import type { HostPaths } from '../host/paths.js';
import { firmwareSearchPath, KERNEL_FIRMWARE_ROOT, onHost } from '../probes/inventory/firmware-search-path.js';
import { NPU_FIRMWARE_DIR } from '../probes/inventory/read-firmware-files.js';
import { PYTHON_OPENVINO_ENTRIES } from './python-openvino-location.js';

// One directory whose changes may mean a new version of a watched component.
export interface ChangeTarget {
  // What changed, as the journal line names it, e.g. 'rpm database'.
  source: string;
  // The directory watched (under the configured roots); it may not exist yet.
  dir: string;
  // Only events for these entry names count (all when absent).
  names?: readonly string[];
  // Events for entry names matching this never count.
  ignore?: RegExp;
  // Only events for entry names matching this count (with `names`: either).
  match?: RegExp;
}

// rpm's database directory, %_dbpath: upstream rpm-software-management/rpm macros.in sets
// `%_dbpath %{_var}/lib/rpm`; Fedora 36 and later (its "RelocateRPMToUsr" change; not checked in Fedora's rpm
// spec here) keep it in /usr/lib/sysimage/rpm, with /var/lib/rpm a symlink to it (inotify follows the link, so
// watching both sees each write twice, which the debounce folds into one). Both are watched; a missing one is
// watched for creation.
export const RPM_DATABASE_DIRS = ['/var/lib/rpm', '/usr/lib/sysimage/rpm'] as const;

// The sqlite backend's readers write the "-shm" shared-memory index (sqlite.org/wal.html), and rpm takes
// `.rpm.lock` for reading too: the inventory's own `rpm -q` must not look like a package change.
const RPM_READER_FILES = /(-shm|\.rpm\.lock)$/;

// dpkg's status file: dpkg's writedb() (guillemj/dpkg lib/dpkg/dump.c) writes the new database to
// `status` + NEWDBEXT, links the old one to `status` + OLDDBEXT and renames the new one over `status`: a watch of
// the file itself would stay on the replaced inode, so the directory is watched for that name.
export const DPKG_STATUS = { dir: '/var/lib/dpkg', file: 'status' } as const;

// Where the kernel would look for ivpu's firmware: intel/vpu under each directory of the firmware search path.
// Watched without recursion: ivpu requests only intel/vpu/<name> (drivers/accel/ivpu/ivpu_fw.c fw_names[]), and a
// recursive watch of the whole firmware tree would take an inotify watch for each of its hundreds of directories.
function firmwareTargets(paths: HostPaths, searchPath: readonly string[] | null): ChangeTarget[] {
  const dirs = searchPath ?? firmwareSearchPath(paths.firmware, null, null).map((d) => d.kernelDir);
  return dirs.map((kernelDir) => ({ source: `firmware ${path.posix.join(kernelDir, NPU_FIRMWARE_DIR)}`, dir: path.join(readDirOf(paths.firmware, kernelDir), NPU_FIRMWARE_DIR) }));
}

// Where npu-watch reads a directory of the kernel's firmware search path (as firmwareSearchPath does).
function readDirOf(firmwareRoot: string, kernelDir: string): string {
  const relative = path.posix.relative(KERNEL_FIRMWARE_ROOT, kernelDir);
  if (!relative.startsWith('..') && !path.posix.isAbsolute(relative)) return path.join(path.resolve(firmwareRoot), relative);
  return onHost(path.resolve(firmwareRoot), kernelDir);
}

// Everything the change watch looks at on this host (pure). `searchPath` is the firmware search path the last
// inventory found (the kernel's names for its directories), null before the first one (then: without the
// kernel-release directories). Package databases are host paths outside the roots: read under the firmware
// root's host prefix, like the `firmware_class.path` directory.
export function changeTargets(paths: HostPaths, searchPath: readonly string[] | null, pythonOpenvino: string | null = null): ChangeTarget[] {
  const host = (hostPath: string) => onHost(path.resolve(paths.firmware), hostPath);
  const targets: ChangeTarget[] = [
    ...RPM_DATABASE_DIRS.map((dir) => ({ source: 'rpm database', dir: host(dir), ignore: RPM_READER_FILES })),
    { source: 'dpkg status', dir: host(DPKG_STATUS.dir), names: [DPKG_STATUS.file] },
    ...firmwareTargets(paths, searchPath),
    // python3 is the host's own (the inventory runs it as it is), so its site-packages is not under a root.
    ...(pythonOpenvino === null ? [] : [{ source: 'python openvino', dir: pythonOpenvino, match: PYTHON_OPENVINO_ENTRIES }]),
  ];
  const seen = new Set<string>();
  return targets.filter(({ dir }) => (seen.has(dir) ? false : (seen.add(dir), true)));
}

// The intel_vpu module's directory in sysfs (see module-poll.ts for why it is polled, not watched).
export function intelVpuModuleDir(paths: HostPaths): string {
  return path.join(paths.sysfs, 'module/intel_vpu');
}
