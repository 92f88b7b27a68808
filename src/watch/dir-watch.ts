import fs from 'node:fs';
import path from 'node:path';
import type { ChangeTarget } from './change-targets.js';

export interface DirWatchHandlers {
  // Something in the directory changed that counts, or the directory appeared or went away.
  onChange(): void;
  // Watching failed (ENOSPC: the inotify watch limit; EACCES): this directory is left to the schedule.
  onError(error: NodeJS.ErrnoException, dir: string): void;
}

// fs.watch, or a stand-in (tests).
export type WatchFn = (dir: string, options: { persistent: boolean }, listener: (type: string, name: string | null) => void) => fs.FSWatcher;

export interface DirWatch {
  close(): void;
}

// The directory's inode number, or null when it is not there (or not a directory).
function inodeOf(dir: string): number | null {
  try {
    const stat = fs.statSync(dir);
    return stat.isDirectory() ? stat.ino : null;
  } catch {
    return null;
  }
}

// The directory itself when it exists, else its nearest existing ancestor.
function nearestExisting(dir: string): { at: string; ino: number | null } {
  let at = dir;
  for (;;) {
    const ino = inodeOf(at);
    if (ino !== null || path.dirname(at) === at) return { at, ino };
    at = path.dirname(at);
  }
}

// Watches one directory with node's fs.watch (inotify, without recursion). A directory that does not exist is
// not an error: its nearest existing ancestor is watched for the next step of the path to appear, then the
// watch moves down, and the directory's appearing counts as a change. Files replaced by a rename (rpm, dpkg)
// are seen as the rename of their name inside the directory. When the directory itself goes away (libuv reports
// inotify's IN_DELETE_SELF / IN_MOVE_SELF as a "rename" of the watched path), the watch moves up again.
export function watchDirectory(target: ChangeTarget, handlers: DirWatchHandlers, watchFn: WatchFn = fs.watch): DirWatch {
  let watcher: fs.FSWatcher | null = null;
  let closed = false;

  const counts = (name: string | null): boolean => {
    if (name === null) return true;
    if (target.ignore?.test(name)) return false;
    if (target.names === undefined && target.match === undefined) return true;
    return (target.names?.includes(name) ?? false) || (target.match?.test(name) ?? false);
  };

  // (Re)starts the watch where it belongs now; true when it watches the directory itself.
  const arm = (): boolean => {
    watcher?.close();
    watcher = null;
    const { at, ino } = nearestExisting(target.dir);
    try {
      const started = watchFn(at, { persistent: false }, (type, name) => onEvent(at, ino, type, name));
      started.on('error', (error: Error) => {
        started.close();
        if (watcher === started) watcher = null;
        if (!closed) handlers.onError(error as NodeJS.ErrnoException, at);
      });
      watcher = started;
    } catch (error) {
      handlers.onError(error as NodeJS.ErrnoException, at);
      return false;
    }
    // A step of the path made between the look and the watch (mkdir -p) sent its event to nobody: look again.
    if (at !== target.dir && nearestExisting(target.dir).at !== at) return arm();
    return at === target.dir;
  };

  const onEvent = (at: string, ino: number | null, type: string, name: string | null) => {
    if (closed) return;
    const stillThere = type !== 'rename' || inodeOf(at) === ino;
    if (at === target.dir) {
      if (!stillThere) {
        arm();
        handlers.onChange();
      } else if (counts(name)) {
        handlers.onChange();
      }
      return;
    }
    // An ancestor: only the next step of the path toward the directory matters.
    const next = path.relative(at, target.dir).split(path.sep)[0];
    if (stillThere && name !== null && name !== next) return;
    if (arm()) handlers.onChange();
  };

  arm();
  return {
    close() {
      closed = true;
      watcher?.close();
      watcher = null;
    },
  };
}
