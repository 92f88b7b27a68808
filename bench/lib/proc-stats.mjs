// What /proc shows of a process from outside: CPU time (utime + stime) and resident set size.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';

// Clock ticks per second for /proc/<pid>/stat's utime and stime (getconf CLK_TCK; 100 on every Linux we know).
export const CLOCK_TICKS = (() => {
  const result = spawnSync('getconf', ['CLK_TCK'], { encoding: 'utf8' });
  const ticks = Number.parseInt(result.stdout ?? '', 10);
  return Number.isFinite(ticks) && ticks > 0 ? ticks : 100;
})();

// utime + stime of the process itself (not its waited-for children), in seconds.
export function cpuSeconds(pid) {
  const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
  // Fields after the command name, which is in parentheses and may contain spaces: state is field 3.
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  const utime = Number(fields[14 - 3]);
  const stime = Number(fields[15 - 3]);
  return (utime + stime) / CLOCK_TICKS;
}

// VmRSS (resident set size) in bytes.
export function rssBytes(pid) {
  const status = fs.readFileSync(`/proc/${pid}/status`, 'utf8');
  const match = /^VmRSS:\s+(\d+)\s+kB$/m.exec(status);
  if (!match) throw new Error(`no VmRSS in /proc/${pid}/status`);
  return Number(match[1]) * 1024;
}

export const MB = 1024 * 1024;

// RSS split as /proc/<pid>/status gives it (proc(5)): RssAnon (heap, compiled code, buffers: the process's own) and
// RssFile (resident pages of mapped files, mostly the node binary itself: shared with every node process, clean,
// reclaimable), in bytes.
export function rssParts(pid) {
  const status = fs.readFileSync(`/proc/${pid}/status`, 'utf8');
  const kb = (name) => Number(new RegExp(`^${name}:\\s+(\\d+)\\s+kB$`, 'm').exec(status)?.[1] ?? NaN) * 1024;
  return { anon: kb('RssAnon'), file: kb('RssFile') };
}

// The RSS of an empty `node` (this one) after 1 s: what any Node program costs before it loads a module.
export function emptyNodeRss() {
  const result = spawnSync(process.execPath, ['-e', "setTimeout(() => process.stdout.write(require('fs').readFileSync('/proc/self/status', 'utf8')), 1000)"], { encoding: 'utf8' });
  const kb = (name) => Number(new RegExp(`^${name}:\\s+(\\d+)\\s+kB$`, 'm').exec(result.stdout ?? '')?.[1] ?? NaN) * 1024;
  return { rss: kb('VmRSS'), anon: kb('RssAnon'), file: kb('RssFile') };
}

// The inotify watches the process holds (the change watch's directories): one `inotify wd:` line per watch in
// the fdinfo of each of its inotify descriptors (proc(5), /proc/<pid>/fdinfo).
export function inotifyWatches(pid) {
  let watches = 0;
  for (const fd of fs.readdirSync(`/proc/${pid}/fd`)) {
    let target;
    try {
      target = fs.readlinkSync(`/proc/${pid}/fd/${fd}`);
    } catch {
      continue;
    }
    if (target !== 'anon_inode:inotify') continue;
    watches += fs.readFileSync(`/proc/${pid}/fdinfo/${fd}`, 'utf8').split('\n').filter((line) => line.startsWith('inotify wd:')).length;
  }
  return watches;
}
