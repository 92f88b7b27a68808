import fs from 'node:fs/promises';
import { isAbsentError, listDirOrEmpty } from '../../host/read.js';
import { under } from '../../host/paths.js';
import { describeCommandFailure } from '../../host/runner.js';
import type { ProbeContext } from '../types.js';
import { FIRMWARE_VERSION_BYTES, parseFirmwareVersion } from './parse-firmware-version.js';
import type { Component } from './types.js';

// Where ivpu's firmware lives, relative to the firmware root (drivers/accel/ivpu/ivpu_fw.c fw_names[]).
export const NPU_FIRMWARE_DIR = 'intel/vpu';

// Shown when a firmware file exists but its version cannot be read (no decompressor, unreadable image).
export const UNKNOWN_VERSION = 'unknown';

// The kernel's firmware loader tries the plain file first, then .zst, then .xz; so does this reader.
const COMPRESSIONS = [
  { suffix: '', decompressor: null },
  { suffix: '.zst', decompressor: 'zstd' },
  { suffix: '.xz', decompressor: 'xz' },
] as const;

const FIRMWARE_NAME = /^(vpu_.+\.bin)(\.zst|\.xz)?$/;

// Picks, for each firmware image name, the file the kernel would load: 'vpu_40xx_v1.bin' → 'vpu_40xx_v1.bin.xz'.
export function pickFirmwareFiles(entries: string[]): Map<string, string> {
  const picked = new Map<string, { file: string; rank: number }>();
  for (const entry of entries) {
    const match = FIRMWARE_NAME.exec(entry);
    if (match === null) continue;
    const [, image, suffix = ''] = match as unknown as [string, string, string | undefined];
    const rank = COMPRESSIONS.findIndex((compression) => compression.suffix === suffix);
    const kept = picked.get(image);
    if (kept === undefined || rank < kept.rank) picked.set(image, { file: entry, rank });
  }
  return new Map([...picked].map(([image, { file }]) => [image, file]));
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

// Reads one firmware file's version: UNKNOWN_VERSION when unreadable; `missing` collects absent decompressors.
async function readVersion(ctx: ProbeContext, file: string, missing: Set<string>): Promise<string> {
  const compression = COMPRESSIONS.find((c) => c.suffix !== '' && file.endsWith(c.suffix)) ?? COMPRESSIONS[0];
  let prefix: Buffer;
  let failure: string | null = null;
  if (compression.decompressor === null) {
    prefix = await readFilePrefix(file, FIRMWARE_VERSION_BYTES);
  } else {
    const decompressed = await decompressPrefix(ctx, file, compression.decompressor);
    if (decompressed === null) {
      missing.add(compression.decompressor);
      return UNKNOWN_VERSION;
    }
    ({ prefix, failure } = decompressed);
  }
  const version = parseFirmwareVersion(prefix);
  if (version === null) ctx.log.warn({ file, failure }, 'no version string at offset 4096 of the firmware file');
  return version ?? UNKNOWN_VERSION;
}

// Lists the NPU firmware images under <firmware>/intel/vpu with the version string each one carries,
// e.g. { component: 'firmware:intel/vpu/vpu_40xx_v1.bin', version: '2025…', detail: 'vpu_40xx_v1.bin.xz' }.
export async function readFirmwareFiles(ctx: ProbeContext): Promise<Component[]> {
  const dir = under(ctx.paths.firmware, NPU_FIRMWARE_DIR);
  const present: string[] = [];
  for (const entry of await listDirOrEmpty(dir)) {
    if (FIRMWARE_NAME.test(entry) && (await exists(under(dir, entry)))) present.push(entry);
  }
  const missing = new Set<string>();
  const components: Component[] = [];
  for (const [image, file] of pickFirmwareFiles(present)) {
    components.push({
      component: `firmware:${NPU_FIRMWARE_DIR}/${image}`,
      version: await readVersion(ctx, under(dir, file), missing),
      source: 'firmware-file',
      detail: file,
    });
  }
  for (const program of missing) {
    ctx.log.debug({ program }, `${program} is not installed: compressed firmware versions are unknown`);
  }
  return components;
}
