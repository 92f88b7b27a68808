import fs from 'node:fs';
import path from 'node:path';
import type { RuntimeEntry } from '../config/schema.js';
import type { CommandRunner } from '../host/runner.js';
import type { BasicLogger } from '../log.js';

// One OpenVINO runtime the canary tests: an openvino-node module the Node worker imports, or a Python
// interpreter whose `openvino` package the Python worker imports.
export type Runtime = { name: string; kind: 'node'; module: string } | { name: string; kind: 'python'; interpreter: string };

// The openvino-node npu-watch itself depends on (package.json).
export const DEFAULT_NODE_RUNTIME: Runtime = { name: 'openvino-node', kind: 'node', module: 'openvino-node' };
export const DEFAULT_PYTHON_RUNTIME: Runtime = { name: 'python3', kind: 'python', interpreter: 'python3' };

// How long the startup probe may take: importing openvino loads its native libraries (a few seconds on a slow disk).
export const PYTHON_PROBE_TIMEOUT_MS = 30_000;

// The configured runtimes as the canary uses them (pure).
export function runtimesFrom(entries: RuntimeEntry[]): Runtime[] {
  return entries.map((entry) =>
    entry.kind === 'node'
      ? { name: entry.name, kind: 'node', module: required(entry.module) }
      : { name: entry.name, kind: 'python', interpreter: required(entry.interpreter) },
  );
}

// The schema requires module for node and interpreter for python (config/schema.ts runtimeEntry).
function required(value: string | undefined): string {
  if (value === undefined) throw new Error('a runtime without its module or interpreter passed the config schema');
  return value;
}

// The runtimes to test: the configured list, or (none configured) the defaults found on this host: the
// openvino-node npu-watch installs, and python3 on PATH when it can import openvino. The Python default is decided
// once, at startup, by running `python3 -c "import openvino"` (with a timeout): only the interpreter itself can
// say whether its sys.path holds an importable openvino (site-packages, user site, .pth files, PYTHONPATH), and a
// python3 without openvino is the common case that must not show up as a failing runtime on every host.
export async function resolveRuntimes(
  entries: RuntimeEntry[] | undefined,
  runner: CommandRunner,
  log: BasicLogger,
  signal?: AbortSignal,
): Promise<Runtime[]> {
  if (entries !== undefined) return runtimesFrom(entries);
  const probe = await runner('python3', ['-c', 'import openvino'], { timeoutMs: PYTHON_PROBE_TIMEOUT_MS, signal, cwd: '/' });
  const importable = probe.exitCode === 0 && probe.signal === null && !probe.timedOut;
  if (importable) log.info({ runtime: 'python3' }, 'python3 can import openvino: testing it beside openvino-node');
  return importable ? [DEFAULT_NODE_RUNTIME, DEFAULT_PYTHON_RUNTIME] : [DEFAULT_NODE_RUNTIME];
}

// Why a Python runtime's interpreter cannot be started, or null when it can: an absolute path must be an
// executable file; a command name must be one on PATH. Checked before launching, so that a missing interpreter or
// a broken venv (its bin/python a dangling symlink) is `runtime_missing` with its reason, not a failed launch.
export function interpreterProblem(interpreter: string, env: NodeJS.ProcessEnv = process.env): string | null {
  if (path.isAbsolute(interpreter)) return executableProblem(interpreter);
  const dirs = (env.PATH ?? '').split(path.delimiter).filter((dir) => dir !== '');
  if (dirs.some((dir) => executableProblem(path.join(dir, interpreter)) === null)) return null;
  return `the interpreter ${interpreter} is not on PATH (${dirs.join(path.delimiter) || 'empty'})`;
}

function executableProblem(file: string): string | null {
  try {
    // statSync follows symlinks: a venv whose base Python was removed has a dangling bin/python.
    const stat = fs.statSync(file);
    if (!stat.isFile()) return `the interpreter ${file} is not a file`;
    fs.accessSync(file, fs.constants.X_OK);
    return null;
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') {
      const dangling = isSymlink(file);
      return dangling ? `the interpreter ${file} is a symlink to a missing file (${dangling}): a broken virtual environment` : `the interpreter ${file} does not exist`;
    }
    if (code === 'EACCES') return `the interpreter ${file} is not executable by this user`;
    return `the interpreter ${file} cannot be used: ${(error as Error).message}`;
  }
}

function isSymlink(file: string): string | null {
  try {
    return fs.readlinkSync(file);
  } catch {
    return null;
  }
}
