import fs from 'node:fs';
import fsp from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { spawn, type ChildProcess } from 'node:child_process';
import { execa } from 'execa';
import type { HostPaths } from '../../src/host/paths.js';
import { watchDescendants, type SeenProcess } from './processes.js';

export const REPO = path.resolve(import.meta.dirname, '../..');
// The built CLI, as a user runs it (`npm test` builds before testing).
export const CLI = path.join(REPO, 'dist/cli.js');
// The built canary worker, as the CLI and the daemon start it (node <repo>/dist/canary/worker.js).
export const WORKER = path.join(REPO, 'dist/canary/worker.js');

export interface CliResult {
  exitCode: number | undefined;
  stdout: string;
  stderr: string;
  // With `watch`: every process seen under the CLI while it ran (see watchDescendants).
  seen: SeenProcess[];
}

// Runs the built CLI to completion; `bin` (a fixture's fake commands) goes first on PATH. With `watch`, the
// CLI's descendants are recorded while it runs, for a leak check after it returned.
export async function runCli(args: string[], options: { bin?: string; env?: Record<string, string>; watch?: boolean; timeoutMs?: number } = {}): Promise<CliResult> {
  const subprocess = execa(process.execPath, [CLI, ...args], {
    reject: false,
    env: { ...pathEnv(options.bin), NPU_WATCH_CONFIG: '', ...options.env },
    timeout: options.timeoutMs ?? 60_000,
  });
  const watcher = options.watch && subprocess.pid !== undefined ? watchDescendants(subprocess.pid) : null;
  const result = await subprocess;
  return { exitCode: result.exitCode, stdout: result.stdout, stderr: result.stderr, seen: watcher?.stop() ?? [] };
}

export function pathEnv(bin?: string): Record<string, string> {
  return { PATH: bin ? `${bin}:${process.env.PATH}` : (process.env.PATH ?? '') };
}

// Writes a config file pointing every host root at a fixture copy; extra TOML is appended.
export async function writeFixtureConfig(paths: HostPaths, extra = ''): Promise<string> {
  const dir = await fsp.mkdtemp(path.join(os.tmpdir(), 'npu-watch-config-'));
  const file = path.join(dir, 'config.toml');
  const toml = `[paths]
sysfs = "${paths.sysfs}"
procfs = "${paths.procfs}"
dev = "${paths.dev}"
firmware = "${paths.firmware}"
etc = "${paths.etc}"

[state]
dir = "${path.join(dir, 'state')}"
${extra}`;
  await fsp.writeFile(file, toml);
  await fsp.chmod(dir, 0o755);
  return file;
}

export interface RunningDaemon {
  url: string;
  child: ChildProcess;
  // Every JSON log line so far, parsed.
  lines(): Record<string, unknown>[];
  // Everything written to stdout so far, raw.
  output(): string;
  waitForLine(match: (line: Record<string, unknown>) => boolean, timeoutMs?: number): Promise<Record<string, unknown>>;
  stop(signal?: NodeJS.Signals): Promise<{ exitCode: number | null; signal: NodeJS.Signals | null }>;
}

// Starts `npu-watch run` and resolves once it logs the URL it serves. With `stdoutFile`, stdout is
// that file itself (so its device and inode can stand for a journal stream).
export async function startDaemon(
  configFile: string,
  options: { bin?: string; env?: Record<string, string>; stdoutFile?: string } = {},
): Promise<RunningDaemon> {
  const stdoutFd = options.stdoutFile ? fs.openSync(options.stdoutFile, 'a') : undefined;
  const child = spawn(process.execPath, [CLI, 'run', '--config', configFile], {
    env: { ...process.env, NPU_WATCH_CONFIG: '', ...pathEnv(options.bin), ...options.env },
    stdio: ['ignore', stdoutFd ?? 'pipe', 'pipe'],
  });
  if (stdoutFd !== undefined) fs.closeSync(stdoutFd);
  // 'close', not 'exit': by then its stdout and stderr are drained, so the last log line is there to read.
  const exited = new Promise<{ exitCode: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    child.once('close', (exitCode, signal) => resolve({ exitCode, signal })),
  );
  let text = '';
  child.stdout?.on('data', (chunk: Buffer) => {
    text += chunk.toString();
  });
  let stderr = '';
  child.stderr?.on('data', (chunk: Buffer) => {
    stderr += chunk.toString();
  });
  const output = () => (options.stdoutFile ? fs.readFileSync(options.stdoutFile, 'utf8') : text);
  const lines = () =>
    output()
      .split('\n')
      .filter((line) => line.includes('{'))
      .map((line) => JSON.parse(line.slice(line.indexOf('{'))) as Record<string, unknown>);
  const waitForLine = async (match: (line: Record<string, unknown>) => boolean, timeoutMs = 20_000) => {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const found = lines().find(match);
      if (found) return found;
      if (child.exitCode !== null) throw new Error(`daemon exited ${child.exitCode}: ${stderr}\n${output()}`);
      if (Date.now() > deadline) throw new Error(`no matching log line within ${timeoutMs} ms:\n${output()}\n${stderr}`);
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  };
  const serving = await waitForLine((line) => typeof line.url === 'string');
  return {
    url: serving.url as string,
    child,
    lines,
    output,
    waitForLine,
    async stop(signal = 'SIGTERM') {
      if (child.exitCode === null && child.signalCode === null) child.kill(signal);
      return exited;
    },
  };
}

// How long eventually() polls before it gives up: just under vitest's test and hook timeout (vitest.config.ts), so a
// hang fails with what was awaited. Not a bound on how long anything should take: a busy machine may take most of it.
export const HANG_GUARD_MS = 110_000;

// Polls until `check` holds; only a hang (HANG_GUARD_MS) ends it, with an error naming `what`.
export async function eventually<T>(check: () => Promise<T | undefined | false>, what = 'condition'): Promise<T> {
  const deadline = Date.now() + HANG_GUARD_MS;
  for (;;) {
    const value = await check();
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`gave up waiting for ${what} after ${HANG_GUARD_MS / 1000} s`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}
