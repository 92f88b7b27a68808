import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

// Canary work dirs are named npu-watch-canary.<pid of the creating npu-watch>.<mkdtemp's 6 characters>: the
// prefix says they are npu-watch's, the pid whether their owner still runs (a `check` may run beside the daemon).
const PREFIX = 'npu-watch-canary.';
const NAME = /^npu-watch-canary\.(\d+)\.[A-Za-z0-9]{6}$/;

// Work dirs this process could not remove yet (out of file descriptors, say): tried again before the next one is made.
const notYetRemoved = new Set<string>();

// Creates a fresh canary work dir under $TMPDIR (os.tmpdir()), mode 0700 (mkdtemp(3)); first removes those an
// earlier removal left.
export function createCanaryWorkDir(): string {
  for (const dir of [...notYetRemoved]) removeCanaryWorkDir(dir);
  return fs.mkdtempSync(path.join(os.tmpdir(), `${PREFIX}${process.pid}.`));
}

// Removes a canary work dir and what the worker left in it; a dir already gone is fine. Never throws: a removal
// that fails (EMFILE at the fd limit: a recursive rm opens the dir) is retried before the next dir is made, and
// its reason returned for the log.
export function removeCanaryWorkDir(dir: string): string | null {
  try {
    fs.rmSync(dir, { recursive: true, force: true });
    notYetRemoved.delete(dir);
    return null;
  } catch (error) {
    notYetRemoved.add(dir);
    return (error as Error).message;
  }
}

// Whether process `pid` exists (kill(2) with signal 0: EPERM means it exists but is not ours).
function isRunning(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

// Removes canary work dirs under $TMPDIR that this user's npu-watch processes left when they died (their pid no
// longer runs); a dir of a running `check` or daemon, another user's, or anything not named like ours stays.
// Returns the removed paths.
export function clearStaleCanaryWorkDirs(): string[] {
  const tmp = os.tmpdir();
  const removed: string[] = [];
  for (const name of fs.readdirSync(tmp)) {
    const match = NAME.exec(name);
    if (!match) continue;
    const full = path.join(tmp, name);
    const stat = fs.lstatSync(full, { throwIfNoEntry: false });
    if (!stat?.isDirectory() || stat.uid !== process.getuid?.()) continue;
    const owner = Number(match[1]);
    if (owner === process.pid || isRunning(owner)) continue;
    if (removeCanaryWorkDir(full) === null) removed.push(full);
  }
  return removed;
}
