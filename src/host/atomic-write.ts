import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';

// How a file is written: the mode of a new file and of its directory when that has to be created.
export interface AtomicWriteOptions {
  // Permissions of the file (default 0600: state files are the user's own).
  mode?: number;
  // Permissions of directories created on the way (default 0700).
  dirMode?: number;
}

const errorCode = (error: unknown): string | undefined => (error as NodeJS.ErrnoException).code;

// Replaces `file` with `text` so that a crash at any moment leaves either the old content or the new one:
// a temp file in the same directory (rename is atomic only within one filesystem), write, fsync, rename
// over the file, fsync the directory (so the rename itself survives a power loss; rename(2) and fsync(2),
// and the pattern in LWN's "Ensuring data reaches disk"). The directory is created when missing. On any
// failure the temp file is removed, the old file is untouched, and the error is thrown.
export function writeFileAtomic(file: string, text: string, options: AtomicWriteOptions = {}): void {
  const dir = path.dirname(file);
  fs.mkdirSync(dir, { recursive: true, mode: options.dirMode ?? 0o700 });
  const temp = path.join(dir, `.${path.basename(file)}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`);
  // (isAtomicWriteTemp below recognises exactly this name.)
  let fd: number | null = fs.openSync(temp, 'wx', options.mode ?? 0o600);
  try {
    fs.writeFileSync(fd, text);
    fs.fsyncSync(fd);
    fs.closeSync(fd);
    fd = null;
    fs.renameSync(temp, file);
  } catch (error) {
    if (fd !== null) fs.closeSync(fd);
    fs.rmSync(temp, { force: true });
    throw error;
  }
  fsyncDirectory(dir);
}

// Whether `name` is a temp file writeFileAtomic made for `baseName` (.<base>.<pid>.<8 hex>.tmp): one left by an
// interrupted write, which only the writer of that file may remove.
export function isAtomicWriteTemp(name: string, baseName: string): boolean {
  return name.startsWith(`.${baseName}.`) && /^\.\d+\.[0-9a-f]{8}\.tmp$/.test(name.slice(baseName.length + 1));
}

// Makes a rename in `dir` durable. Filesystems that cannot fsync a directory (EINVAL) are let be: the rename
// is still atomic there.
function fsyncDirectory(dir: string): void {
  const fd = fs.openSync(dir, 'r');
  try {
    fs.fsyncSync(fd);
  } catch (error) {
    if (errorCode(error) !== 'EINVAL') throw error;
  } finally {
    fs.closeSync(fd);
  }
}
