import fs from 'node:fs';

// The pids of this test process's own children whose command line is exactly `argv` (read from /proc/<pid>/stat
// and cmdline): only what this test started, never another process on the machine.
export function ownChildren(argv: string[]): number[] {
  const found: number[] = [];
  for (const entry of fs.readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = fs.readFileSync(`/proc/${entry}/stat`, 'utf8');
      // "pid (comm) state ppid …": comm may hold spaces and parentheses, so fields are counted after the last ')'.
      const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
      if (ppid !== process.pid) continue;
      const cmdline = fs.readFileSync(`/proc/${entry}/cmdline`, 'utf8').split('\0').slice(0, -1);
      if (cmdline.length === argv.length && cmdline.every((arg, i) => arg === argv[i])) found.push(Number(entry));
    } catch {
      // Gone while we looked.
    }
  }
  return found;
}

// Whether any process is left in process group `pgid` (the runner starts each command as its own group):
// kill(-pgid, 0) answers ESRCH once none is.
export function groupAlive(pgid: number): boolean {
  try {
    process.kill(-pgid, 0);
    return true;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ESRCH') return false;
    throw error;
  }
}
