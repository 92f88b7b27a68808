import fs from 'node:fs/promises';
import { isAbsentError, isPermissionError, listDirOrEmpty, readValueOrNull } from '../../host/read.js';
import { under } from '../../host/paths.js';
import { describeCommandFailure } from '../../host/runner.js';
import type { ProbeContext } from '../types.js';
import { firmwareSearchPath, type FirmwareDir } from './firmware-search-path.js';
import { IVPU_FIRMWARE_NAMES } from './ivpu-firmware-names.js';
import { FIRMWARE_VERSION_BYTES, parseFirmwareVersion } from './parse-firmware-version.js';
import type { Component, FirmwareFile, FirmwareInventory } from './types.js';

// Where ivpu's firmware lives, relative to a firmware directory (drivers/accel/ivpu/ivpu_fw.c fw_names[]).
export const NPU_FIRMWARE_DIR = 'intel/vpu';

// Shown when a firmware file exists but its version cannot be read (no decompressor, unreadable image).
export const UNKNOWN_VERSION = 'unknown';

// torvalds/linux drivers/base/firmware_loader/main.c _request_firmware(): fw_get_filesystem_firmware() walks the
// whole fw_path[] for the plain name, then again for name.zst (CONFIG_FW_LOADER_COMPRESS_ZSTD), then for name.xz
// (CONFIG_FW_LOADER_COMPRESS_XZ): a plain file anywhere on the path wins over a compressed one in updates/.
// The reader assumes a kernel built with both decompressors (a kernel without one would skip that suffix).
const COMPRESSIONS = [
  { suffix: '', decompressor: null },
  { suffix: '.zst', decompressor: 'zstd' },
  { suffix: '.xz', decompressor: 'xz' },
] as const;

const FIRMWARE_FILE = /^(.+\.bin)(\.zst|\.xz)?$/;

// One file found on the search path, before its version is read.
export interface FoundFile {
  name: string;
  suffix: '' | '.zst' | '.xz';
  // Position of its directory in the search path.
  dirIndex: number;
}

// The file the kernel's firmware loader would load for `name` (pure): the first suffix in loader order that
// exists in any directory, and of those the earliest directory; null when there is none.
export function kernelChoice<T extends FoundFile>(files: readonly T[], name: string): T | null {
  for (const { suffix } of COMPRESSIONS) {
    const candidates = files.filter((file) => file.name === name && file.suffix === suffix);
    if (candidates.length > 0) return candidates.reduce((a, b) => (b.dirIndex < a.dirIndex ? b : a));
  }
  return null;
}

// Orders found files as the loader tries them: by suffix (plain, .zst, .xz), then along the path, then by name.
function loaderOrder(a: FoundFile, b: FoundFile): number {
  const rank = (file: FoundFile) => COMPRESSIONS.findIndex((c) => c.suffix === file.suffix);
  return rank(a) - rank(b) || a.dirIndex - b.dirIndex || (a.name < b.name ? -1 : a.name > b.name ? 1 : 0);
}

// Whether a file (or the target of a link) exists; linux-firmware ships links that may dangle.
async function exists(file: string): Promise<boolean> {
  try {
    await fs.stat(file);
    return true;
  } catch (error) {
    if (isAbsentError(error)) return false;
    throw error;
  }
}

// The NPU firmware files in one search directory's intel/vpu.
async function listDir(dir: FirmwareDir, dirIndex: number): Promise<FoundFile[]> {
  const vpuDir = under(dir.dir, NPU_FIRMWARE_DIR);
  const found: FoundFile[] = [];
  for (const entry of await listDirOrEmpty(vpuDir)) {
    const match = FIRMWARE_FILE.exec(entry);
    if (match === null || !(await exists(under(vpuDir, entry)))) continue;
    const suffix = (match[2] ?? '') as FoundFile['suffix'];
    found.push({ name: `${NPU_FIRMWARE_DIR}/${match[1]}`, suffix, dirIndex });
  }
  return found;
}

// The first `length` bytes of a plain file.
async function readFilePrefix(file: string, length: number): Promise<Buffer> {
  const handle = await fs.open(file, 'r');
  try {
    const buffer = Buffer.alloc(length);
    const { bytesRead } = await handle.read(buffer, 0, length, 0);
    return buffer.subarray(0, bytesRead);
  } finally {
    await handle.close();
  }
}

// The first FIRMWARE_VERSION_BYTES of a compressed file, and why there are fewer; null when its
// decompressor is not installed.
async function decompressPrefix(
  ctx: ProbeContext,
  file: string,
  decompressor: string,
): Promise<{ prefix: Buffer; failure: string | null } | null> {
  // maxBuffer keeps only the bytes that matter and stops the decompressor (SIGPIPE) instead of holding a
  // whole multi-megabyte image; latin1 maps each byte to one character and back.
  const result = await ctx.run(decompressor, ['-dc', file], {
    encoding: 'latin1',
    maxBuffer: FIRMWARE_VERSION_BYTES,
    signal: ctx.signal,
  });
  if (result.notFound) return null;
  const short = result.stdout.length < FIRMWARE_VERSION_BYTES && result.exitCode !== 0;
  return { prefix: Buffer.from(result.stdout, 'latin1'), failure: short ? describeCommandFailure(result) : null };
}

// Whether this process may read a file. intel-fw-npu installs its images 0400 root (intel/linux-npu-driver
// firmware/CMakeLists.txt: PERMISSIONS OWNER_READ); the kernel reads them with its own credentials
// (_request_firmware(): prepare_kernel_cred()), so such a file loads fine while its version is unknown to us.
async function readable(file: string): Promise<boolean> {
  try {
    await fs.access(file, fs.constants.R_OK);
    return true;
  } catch (error) {
    if (isPermissionError(error)) return false;
    throw error;
  }
}

// Reads one firmware file's version: UNKNOWN_VERSION with the reason when it cannot be read;
// `missing` collects absent decompressors.
async function readVersion(
  ctx: ProbeContext,
  file: string,
  suffix: FoundFile['suffix'],
  missing: Set<string>,
): Promise<{ version: string; unknownBecause: string | null }> {
  if (!(await readable(file))) return { version: UNKNOWN_VERSION, unknownBecause: 'permission denied' };
  const compression = COMPRESSIONS.find((c) => c.suffix === suffix) ?? COMPRESSIONS[0];
  let prefix: Buffer;
  let failure: string | null = null;
  if (compression.decompressor === null) {
    prefix = await readFilePrefix(file, FIRMWARE_VERSION_BYTES);
  } else {
    const decompressed = await decompressPrefix(ctx, file, compression.decompressor);
    if (decompressed === null) {
      missing.add(compression.decompressor);
      return { version: UNKNOWN_VERSION, unknownBecause: `${compression.decompressor} is not installed` };
    }
    ({ prefix, failure } = decompressed);
  }
  const version = parseFirmwareVersion(prefix);
  if (version !== null) return { version, unknownBecause: null };
  ctx.log.warn({ file, failure }, 'no version string at offset 4096 of the firmware file');
  return { version: UNKNOWN_VERSION, unknownBecause: failure ?? 'no version string at offset 4096' };
}

// The kernel's firmware search path on this host: the `firmware_class.path` parameter
// (<sysfs>/module/firmware_class/parameters/path, module_param_string(path, …) in firmware_loader/main.c, empty
// when unset) and the running kernel's release (<procfs>/sys/kernel/osrelease, the UTS_RELEASE of fw_path[]).
async function searchPathOf(ctx: ProbeContext): Promise<FirmwareDir[]> {
  const [classPath, release] = await Promise.all([
    readValueOrNull(under(ctx.paths.sysfs, 'module/firmware_class/parameters/path')),
    readValueOrNull(under(ctx.paths.procfs, 'sys/kernel/osrelease')),
  ]);
  return firmwareSearchPath(ctx.paths.firmware, release || null, classPath);
}

// Finds the NPU firmware files along the kernel's firmware search path, with the version string each one carries,
// which file the kernel would load for each name ivpu requests, and one component per name found, e.g.
// { component: 'firmware:intel/vpu/vpu_40xx_v1.bin', version: '…', detail: '/lib/firmware/intel/vpu/vpu_40xx_v1.bin.xz' }.
export async function readFirmwareFiles(ctx: ProbeContext): Promise<{ firmware: FirmwareInventory; components: Component[] }> {
  const dirs = await searchPathOf(ctx);
  const found = (await Promise.all(dirs.map((dir, index) => listDir(dir, index)))).flat().sort(loaderOrder);
  const missing = new Set<string>();
  const files: Array<FirmwareFile & FoundFile> = [];
  for (const file of found) {
    const dir = dirs[file.dirIndex]!;
    const base = `${file.name}${file.suffix}`;
    const read = await readVersion(ctx, under(dir.dir, base), file.suffix, missing);
    files.push({ ...file, kernelPath: `${dir.kernelDir.replace(/\/$/, '')}/${base}`, path: under(dir.dir, base), ...read });
  }
  for (const program of missing) {
    ctx.log.debug({ program }, `${program} is not installed: compressed firmware versions are unknown`);
  }
  const components: Component[] = [];
  for (const name of [...new Set(files.map((file) => file.name))]) {
    const chosen = kernelChoice(files, name)!;
    const detail = chosen.unknownBecause === null ? chosen.kernelPath : `${chosen.kernelPath} (version unknown: ${chosen.unknownBecause})`;
    components.push({ component: `firmware:${name}`, version: chosen.version, source: 'firmware-file', detail });
  }
  return {
    firmware: {
      searchPath: dirs.map((dir) => dir.kernelDir),
      files: files.map(({ name, kernelPath, path, version, unknownBecause }) => ({ name, kernelPath, path, version, unknownBecause })),
      requests: IVPU_FIRMWARE_NAMES.map(({ ip, name }) => ({ ip, name, loads: kernelChoice(files, name)?.kernelPath ?? null })),
    },
    components,
  };
}
