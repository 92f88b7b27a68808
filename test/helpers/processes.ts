// Leak checks that look only at the processes a test started: the descendants of a pid the test spawned (by
// /proc/<pid>/stat's ppid), and the process groups they ran in. Another checkout's test run, or a user's
// installed npu-watch service, runs the same commands on the same machine and is never seen here.
import fs from 'node:fs';
import os from 'node:os';

// The fields of /proc/<pid>/stat the tests use (proc(5): pid, comm, state, ppid, pgrp, session, …, starttime).
export interface ProcStat {
  pid: number;
  comm: string;
  // R, S, D, Z (zombie: exited, not yet reaped), …
  state: string;
  ppid: number;
  pgid: number;
  sid: number;
  // The kernel's per-task flags (include/linux/sched.h PF_*); PF_EXITING (0x4) is set once the task is in
  // do_exit: killed, its memory going, about to turn zombie.
  flags: number;
  // Clock ticks after boot: with the pid, it names one process even once the pid is reused.
  starttime: number;
}

// One process a test saw running: enough to tell later whether that very process, or anything in its
// process group, is still there.
export interface SeenProcess {
  pid: number;
  pgid: number;
  starttime: number;
  argv: string[];
}

// Parses one /proc/<pid>/stat line (pure). comm is in parentheses and may itself hold spaces and ')', so the
// fields after it are counted from the last ')' (as procps does, proc/readproc.c stat2proc).
export function parseProcStat(text: string): ProcStat {
  const open = text.indexOf('(');
  const close = text.lastIndexOf(')');
  if (open < 0 || close < open) throw new Error(`not a /proc/<pid>/stat line: ${JSON.stringify(text)}`);
  // After ")": state(3) ppid(4) pgrp(5) session(6) … starttime(22); rest[0] is field 3.
  const rest = text.slice(close + 2).trim().split(' ');
  const field = (n: number) => {
    const value = rest[n - 3];
    if (value === undefined) throw new Error(`/proc/<pid>/stat line has no field ${n}: ${JSON.stringify(text)}`);
    return value;
  };
  return {
    pid: Number(text.slice(0, open).trim()),
    comm: text.slice(open + 1, close),
    state: field(3),
    ppid: Number(field(4)),
    pgid: Number(field(5)),
    sid: Number(field(6)),
    flags: Number(field(9)),
    starttime: Number(field(22)),
  };
}

// /proc/<pid>/stat of one process, or null once it is gone.
export function readProcStat(pid: number): ProcStat | null {
  try {
    return parseProcStat(fs.readFileSync(`/proc/${pid}/stat`, 'utf8'));
  } catch {
    return null;
  }
}

// The argument vector of a process ([] once it is gone, or for a zombie).
export function readArgv(pid: number): string[] {
  try {
    return fs.readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0').filter(Boolean);
  } catch {
    return [];
  }
}

const PF_EXITING = 0x4;

// Every process on the machine right now that has not exited (zombies left out: they run nothing; so are
// processes already in do_exit, such as one a SIGKILL just reached: they run nothing of their own any more).
function liveProcesses(): ProcStat[] {
  const stats: ProcStat[] = [];
  for (const name of fs.readdirSync('/proc')) {
    if (!/^\d+$/.test(name)) continue;
    const stat = readProcStat(Number(name));
    if (stat && stat.state !== 'Z' && stat.state !== 'X' && (stat.flags & PF_EXITING) === 0) stats.push(stat);
  }
  return stats;
}

// The live descendants of `root` (its children, theirs, …; root itself left out), with their command lines.
export function descendantsOf(root: number): SeenProcess[] {
  const byParent = new Map<number, ProcStat[]>();
  for (const stat of liveProcesses()) byParent.set(stat.ppid, [...(byParent.get(stat.ppid) ?? []), stat]);
  const found: SeenProcess[] = [];
  const queue = [root];
  for (let parent = queue.shift(); parent !== undefined; parent = queue.shift()) {
    for (const child of byParent.get(parent) ?? []) {
      found.push({ pid: child.pid, pgid: child.pgid, starttime: child.starttime, argv: readArgv(child.pid) });
      queue.push(child.pid);
    }
  }
  return found;
}

// Whether an argument vector is the command `words` (e.g. ['sleep', '61.803']), or holds `words` as one run of
// arguments (e.g. [path to worker.js] in `node …/worker.js`).
export function runs(argv: string[], words: string[]): boolean {
  return argv.some((_, start) => words.every((word, i) => argv[start + i] === word));
}

// What is left of `seen`: each process still running (same pid and start time, not a zombie), and any live
// process in one of their process groups (a grandchild re-parented to init after its parent died stays in its
// group). Empty when the test left nothing behind. The test's own process group is left out: a child spawned
// without a group of its own shares it with the test runner, and is then checked by pid alone.
export function leftOver(seen: SeenProcess[]): SeenProcess[] {
  const groups = new Set(seen.map((process) => process.pgid));
  groups.delete(readProcStat(process.pid)?.pgid ?? -1);
  const same = new Set(seen.map((process) => `${process.pid}@${process.starttime}`));
  return liveProcesses()
    .filter((stat) => same.has(`${stat.pid}@${stat.starttime}`) || groups.has(stat.pgid))
    .map((stat) => ({ pid: stat.pid, pgid: stat.pgid, starttime: stat.starttime, argv: readArgv(stat.pid) }));
}

// A record of every descendant of `root` seen while it runs, polled until stop():
// for processes that may have ended by the time the test looks, such as the workers of a `check` that
// already returned. A process that starts and ends between two polls is not seen; the tests use it for
// processes that live for seconds (hung workers, hanging package managers).
export function watchDescendants(root: number, everyMs = 50): { seen(): SeenProcess[]; stop(): SeenProcess[] } {
  const seen = new Map<string, SeenProcess>();
  const poll = () => {
    for (const process of descendantsOf(root)) {
      const key = `${process.pid}@${process.starttime}`;
      // A process caught while it exits reads an empty cmdline (its memory is gone before it turns zombie):
      // keep the argv it was seen running.
      const before = seen.get(key);
      seen.set(key, process.argv.length === 0 && before ? { ...process, argv: before.argv } : process);
    }
  };
  poll();
  const timer = setInterval(poll, everyMs);
  return {
    seen: () => [...seen.values()],
    stop() {
      clearInterval(timer);
      poll();
      return [...seen.values()];
    },
  };
}

// Whether `signal` is sent to a process and not yet taken by it: its bit in the ShdPnd (process-wide) or SigPnd
// (main thread) mask of /proc/<pid>/status (proc(5); bit n - 1 for signal n). The kernel clears the bit when it
// hands the signal to a handler or acts on it. False once the process is gone.
export function signalPending(pid: number, signal: NodeJS.Signals): boolean {
  let status: string;
  try {
    status = fs.readFileSync(`/proc/${pid}/status`, 'utf8');
  } catch {
    return false;
  }
  const bit = BigInt(os.constants.signals[signal] - 1);
  return ['ShdPnd', 'SigPnd'].some((field) => {
    const mask = new RegExp(`^${field}:\\s*([0-9a-f]+)$`, 'm').exec(status)?.[1];
    return mask !== undefined && ((BigInt(`0x${mask}`) >> bit) & 1n) === 1n;
  });
}

// The IPv4 TCP ports a process listens on: its socket fds' inodes matched in /proc/net/tcp (proc(5): columns
// sl, local_address "0100007F:8CA7", rem_address, st (0A = LISTEN), …, inode). For a program started on port 0,
// which then holds its port from the start: nothing else can take it between a probe and the program's bind.
export function listeningPorts(pid: number): number[] {
  let fds: string[];
  try {
    fds = fs.readdirSync(`/proc/${pid}/fd`);
  } catch {
    return [];
  }
  const inodes = new Set<string>();
  for (const fd of fds) {
    try {
      const socket = /^socket:\[(\d+)\]$/.exec(fs.readlinkSync(`/proc/${pid}/fd/${fd}`));
      if (socket) inodes.add(socket[1]!);
    } catch {
      // closed meanwhile
    }
  }
  const ports: number[] = [];
  for (const line of fs.readFileSync('/proc/net/tcp', 'utf8').split('\n').slice(1)) {
    const [, local, , state, , , , , , inode] = line.trim().split(/\s+/);
    if (state === '0A' && inode !== undefined && inodes.has(inode)) ports.push(Number.parseInt(local!.split(':')[1]!, 16));
  }
  return ports;
}

// Whether a process with this pid exists (signal 0 reaches it; a zombie not yet reaped counts too).
export function processExists(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}
