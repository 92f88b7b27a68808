import fs from 'node:fs/promises';

// Error codes that mean "not on this host" rather than "broken".
const ABSENT_CODES = new Set(['ENOENT', 'ENOTDIR', 'ENODEV', 'ENXIO']);

export function isAbsentError(error: unknown): boolean {
  return typeof error === 'object' && error !== null && ABSENT_CODES.has((error as NodeJS.ErrnoException).code ?? '');
}

export function isPermissionError(error: unknown): boolean {
  const code = (error as NodeJS.ErrnoException | null)?.code;
  return code === 'EACCES' || code === 'EPERM';
}

// Reads a text file; null when it does not exist on this host. Other errors are thrown.
export async function readTextOrNull(file: string): Promise<string | null> {
  try {
    return await fs.readFile(file, 'utf8');
  } catch (error) {
    if (isAbsentError(error)) return null;
    throw error;
  }
}

// Reads a sysfs-style one-value file, trimmed; null when absent.
export async function readValueOrNull(file: string): Promise<string | null> {
  const text = await readTextOrNull(file);
  return text === null ? null : text.trim();
}

// Lists a directory's entry names, sorted; empty when the directory does not exist.
export async function listDirOrEmpty(dir: string): Promise<string[]> {
  try {
    return (await fs.readdir(dir)).sort();
  } catch (error) {
    if (isAbsentError(error)) return [];
    throw error;
  }
}

// Resolves a symlink's target's base name (sysfs `driver` links); null when there is no link.
export async function linkBaseNameOrNull(link: string): Promise<string | null> {
  try {
    const target = await fs.readlink(link);
    return target.split('/').pop() ?? null;
  } catch (error) {
    if (isAbsentError(error) || (error as NodeJS.ErrnoException).code === 'EINVAL') return null;
    throw error;
  }
}
