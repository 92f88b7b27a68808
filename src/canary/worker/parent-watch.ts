import { Worker } from 'node:worker_threads';

// How often the watch looks at the parent pid.
const PARENT_POLL_MS = 500;

// The watch runs in its own thread: a runtime hung in a driver call (or the fake runtime's Atomics.wait) never
// gives the main thread's event loop back, so a timer there would never fire. When the daemon dies (kill -9),
// the kernel reparents this process to init or the nearest subreaper and getppid(2) changes (Node:
// src/node_process_object.cc, GetParentProcessId → uv_os_getppid, read on every access of process.ppid, in
// worker threads too). The worker is its process group's leader (the launcher starts it detached), so SIGKILL to
// the group ends it and everything the runtime started.
const WATCH_SOURCE = `
const { workerData } = require('node:worker_threads');
setInterval(() => {
  if (process.ppid === workerData.parent) return;
  try { process.kill(-workerData.group, 'SIGKILL'); } catch { process.kill(workerData.group, 'SIGKILL'); }
}, workerData.everyMs);
`;

// Ends this worker's process group as soon as its parent (the daemon or `check`) is gone. The thread does not
// keep the process alive (unref).
export function endWhenParentGoes(): void {
  const watch = new Worker(WATCH_SOURCE, {
    eval: true,
    workerData: { parent: process.ppid, group: process.pid, everyMs: PARENT_POLL_MS },
    stdout: false,
    stderr: false,
  });
  watch.unref();
}
