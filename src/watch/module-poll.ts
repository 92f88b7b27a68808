import fs from 'node:fs';

// How often the intel_vpu module's sysfs directory is looked at: one stat(2), nothing read.
export const MODULE_POLL_MS = 2_000;

export interface ModulePoll {
  close(): void;
}

// A module reload cannot be watched: sysfs (kernfs) sends inotify events only from kernfs_notify_workfn()
// (torvalds/linux fs/kernfs/file.c), i.e. for attributes a driver signals with sysfs_notify(); adding or removing
// a directory (kernfs_add_one(), kernfs_remove() in fs/kernfs/dir.c) notifies nobody. So the directory is polled
// with a stat every MODULE_POLL_MS. Its inode number tells a reload even when unload and load both fall between
// two polls: kernfs numbers each new node from a cyclic id allocator (fs/kernfs/dir.c __kernfs_new_node(),
// idr_alloc_cyclic on root->ino_idr, xa_alloc_cyclic in newer kernels), so the reloaded module's directory comes
// back with a different inode number.
export function pollModuleDir(dir: string, onChange: () => void, intervalMs = MODULE_POLL_MS): ModulePoll {
  // The state when the poll starts is its baseline, taken before this returns: a module loaded right after the
  // start is a change, not the baseline (an asynchronous first look could have come after it).
  let last = inodeNow(dir);
  let busy = false;
  const look = async () => {
    if (busy) return;
    busy = true;
    try {
      const now = await fs.promises.stat(dir).then(
        (stat) => stat.ino,
        () => 'absent' as const,
      );
      if (now !== last) onChange();
      last = now;
    } finally {
      busy = false;
    }
  };
  const timer = setInterval(() => void look(), intervalMs);
  timer.unref();
  return { close: () => clearInterval(timer) };
}

function inodeNow(dir: string): number | 'absent' {
  try {
    return fs.statSync(dir).ino;
  } catch {
    return 'absent';
  }
}
