import fs from 'node:fs';
import path from 'node:path';
import { isAtomicWriteTemp } from './atomic-write.js';

// EX_CANTCREAT and EX_CONFIG (sysexits.h): the state dir cannot be created or written, or the configured path
// names something that is not a directory.
const EX_CANTCREAT = 73;
const EX_CONFIG = 78;

// Why the daemon cannot keep state in the configured directory; the CLI prints the message and exits exitCode.
export class StateDirError extends Error {
  constructor(
    message: string,
    readonly exitCode: number,
  ) {
    super(message);
    this.name = 'StateDirError';
  }
}

const codeOf = (error: unknown): string => (error as NodeJS.ErrnoException).code ?? String(error);

// The state dir's stat, or null when it does not exist; a path through a regular file is the config's fault.
function statOrNull(dir: string): fs.Stats | null {
  try {
    return fs.statSync(dir);
  } catch (error) {
    if (codeOf(error) === 'ENOENT') return null;
    if (codeOf(error) === 'ENOTDIR') throw new StateDirError(`state dir ${dir}: a part of the path is a file, not a directory; set [state] dir`, EX_CONFIG);
    throw new StateDirError(`state dir ${dir}: cannot look at it (${codeOf(error)})`, EX_CANTCREAT);
  }
}

// Creates `dir` one level at a time (0700). Not mkdir -p: Node's recursive mkdir retries a parent that exists
// but refuses children (procfs answers ENOENT to mkdir) for ever, blocking the event loop.
function ensureDirectory(dir: string, configured = dir): void {
  const stat = statOrNull(dir);
  if (stat) {
    if (!stat.isDirectory()) throw new StateDirError(`state dir ${configured}: ${dir} exists and is not a directory; set [state] dir`, EX_CONFIG);
    return;
  }
  const parent = path.dirname(dir);
  if (parent !== dir) ensureDirectory(parent, configured);
  try {
    fs.mkdirSync(dir, { mode: 0o700 });
  } catch (error) {
    if (codeOf(error) === 'EEXIST' && statOrNull(dir)?.isDirectory()) return;
    const what = dir === configured ? 'it' : dir;
    throw new StateDirError(`state dir ${configured}: cannot create ${what} (${codeOf(error)})`, EX_CANTCREAT);
  }
}

// Writes and removes a probe file, so a directory the daemon cannot write is found now, not at the first save.
function probeWritable(dir: string): void {
  const probe = path.join(dir, `.npu-watch-write-probe.${process.pid}`);
  try {
    fs.writeFileSync(probe, 'probe\n', { flag: 'wx', mode: 0o600 });
    fs.rmSync(probe);
  } catch (error) {
    fs.rmSync(probe, { force: true });
    throw new StateDirError(`state dir ${dir}: cannot write in it (${codeOf(error)}); npu-watch keeps its status there`, EX_CANTCREAT);
  }
}

// Makes the state dir ready before the daemon serves: absolute, created, writable, and without the temp files of
// saves that a crash interrupted (only writeFileAtomic's, for the files named in `ownFiles`). Returns the names of
// the temp files removed. Throws StateDirError (one line, an exit code) when it cannot be used.
export function prepareStateDir(dir: string, ownFiles: string[]): string[] {
  if (!path.isAbsolute(dir)) throw new StateDirError(`state dir ${JSON.stringify(dir)}: expected an absolute path; set [state] dir`, EX_CONFIG);
  ensureDirectory(dir);
  probeWritable(dir);
  const removed: string[] = [];
  for (const name of fs.readdirSync(dir)) {
    if (!ownFiles.some((own) => isAtomicWriteTemp(name, own))) continue;
    fs.rmSync(path.join(dir, name), { force: true });
    removed.push(name);
  }
  return removed;
}
