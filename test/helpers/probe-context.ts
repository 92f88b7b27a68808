import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { pino, type Logger } from 'pino';
import { systemClock } from '../../src/host/clock.js';
import type { HostPaths } from '../../src/host/paths.js';
import { createCommandRunner } from '../../src/host/runner.js';
import type { ProbeContext } from '../../src/probes/types.js';

// Where the fixture host trees live: test/fixtures/hosts/<name>, with outputs/ (captured output) and bin/ (stand-ins).
export const FIXTURE_HOSTS_DIR = fileURLToPath(new URL('../fixtures/hosts/', import.meta.url));

// The host roots of a machine mirrored under `root` (root/sys, root/proc, root/dev, root/lib/firmware, root/etc).
export function hostPaths(root: string): HostPaths {
  return {
    sysfs: path.join(root, 'sys'),
    procfs: path.join(root, 'proc'),
    dev: path.join(root, 'dev'),
    firmware: path.join(root, 'lib/firmware'),
    etc: path.join(root, 'etc'),
  };
}

// Where a fixture host's captured command output lives, e.g. ('fedora43-lunarlake', 'rpm-q.txt').
export function fixtureOutputPath(host: string, file: string): string {
  return path.join(FIXTURE_HOSTS_DIR, host, 'outputs', file);
}

// A logger that keeps every line it writes at `level` and up, parsed, so tests can assert on what was logged.
export function captureLogger(level = 'debug'): { log: Logger; lines: Array<Record<string, unknown>> } {
  const lines: Array<Record<string, unknown>> = [];
  const log = pino({ level }, { write: (line: string) => lines.push(JSON.parse(line) as Record<string, unknown>) });
  return { log, lines };
}

// A new temp dir of only cat and dirname (what bin/ stand-ins use), for a PATH on which no real dnf or apt is found.
export async function makeToolsDir(): Promise<string> {
  const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'npu-watch-tools-'));
  for (const tool of ['cat', 'dirname']) {
    const found = ['/usr/bin', '/bin'].map((bin) => path.join(bin, tool));
    const target = (await Promise.all(found.map((file) => fs.access(file).then(() => file, () => null)))).find(Boolean);
    if (!target) throw new Error(`${tool} not found in /usr/bin or /bin`);
    await fs.symlink(target, path.join(dir, tool));
  }
  return dir;
}

// The PATH the probe's commands see: this test process's PATH with `prepend` first, or `only` these directories.
export type ProbePath = { prepend: string } | { only: string[] };

// What probeContextFor can change: the commands' PATH (default: this process's), the abort signal (default: never).
export interface ProbeContextOptions {
  PATH?: ProbePath;
  signal?: AbortSignal;
}

// A real ProbeContext over `paths`; records each command run in `commands` and each parsed log line in `logs`.
export function probeContextFor(paths: HostPaths, options: ProbeContextOptions = {}): {
  ctx: ProbeContext;
  commands: string[];
  logs: Array<Record<string, unknown>>;
} {
  const commands: string[] = [];
  const { log, lines: logs } = captureLogger('debug');
  const PATH = commandPath(options.PATH);
  const runner = createCommandRunner({ timeoutMs: 20_000 });
  const ctx: ProbeContext = {
    paths,
    run: (command, args, runOptions = {}) => {
      commands.push([command, ...args].join(' '));
      const env = PATH === undefined ? runOptions.env : { ...runOptions.env, PATH };
      return runner(command, args, { ...runOptions, env });
    },
    clock: systemClock,
    log,
    signal: options.signal ?? new AbortController().signal,
  };
  return { ctx, commands, logs };
}

// The PATH value for `option`, or undefined to leave this process's PATH alone.
function commandPath(option: ProbePath | undefined): string | undefined {
  if (option === undefined) return undefined;
  if ('only' in option) return option.only.join(path.delimiter);
  return [option.prepend, process.env.PATH ?? ''].join(path.delimiter);
}
