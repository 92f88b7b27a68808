import fs from 'node:fs';
import path from 'node:path';
import type { RuntimeEntry } from '../../config/schema.js';
import type { CommandRunner } from '../../host/runner.js';
import { installFailureReason, type TryKind } from './candidates.js';

// Where try-openvino keeps its environments: <cache>/try-openvino/<kind>-<version>, each with a marker file
// written once its install completed (a directory without one is not used). An install is made in
// <dir>.partial and renamed into place when complete, so an interrupted one is never mistaken for an environment.
export const MARKER = '.npu-watch-installed.json';
const PARTIAL = '.partial';

// Long: pip and npm download OpenVINO (hundreds of MB); Ctrl-C still ends them at once (the abort signal).
const INSTALL_TIMEOUT_MS = 60 * 60 * 1000;

export interface TryEnvironment {
  kind: TryKind;
  version: string;
  dir: string;
}

// How the environments are made, from the environment variables the user (or a test) sets.
export interface InstallSettings {
  // The Python that makes the venvs ($NPU_WATCH_TRY_PYTHON, default python3 on PATH).
  python: string;
  // Extra `pip install` arguments ($NPU_WATCH_PIP_INSTALL_ARGS, split at blanks), e.g. "--no-index --find-links DIR";
  // pip reads the user's own pip.conf and PIP_* variables as always.
  pipArgs: string[];
  // venvs see the base Python's site-packages ($NPU_WATCH_TRY_SYSTEM_SITE_PACKAGES=1): numpy from the distribution.
  systemSitePackages: boolean;
  // A directory of `npm pack` tarballs (openvino-node-VERSION.tgz) installed instead of the registry's
  // openvino-node@VERSION ($NPU_WATCH_NPM_TARBALLS); npm uses the user's .npmrc as always.
  npmTarballs: string | null;
}

export function installSettings(env: NodeJS.ProcessEnv): InstallSettings {
  return {
    python: env.NPU_WATCH_TRY_PYTHON || 'python3',
    pipArgs: (env.NPU_WATCH_PIP_INSTALL_ARGS ?? '').split(/\s+/).filter((arg) => arg !== ''),
    systemSitePackages: env.NPU_WATCH_TRY_SYSTEM_SITE_PACKAGES === '1',
    npmTarballs: env.NPU_WATCH_NPM_TARBALLS || null,
  };
}

export function environmentDir(root: string, kind: TryKind, version: string): string {
  return path.join(root, `${kind}-${version}`);
}

// A completed environment (its marker present), or null.
export function existingEnvironment(root: string, kind: TryKind, version: string): TryEnvironment | null {
  const dir = environmentDir(root, kind, version);
  return fs.existsSync(path.join(dir, MARKER)) ? { kind, version, dir } : null;
}

export type InstallResult = { ok: true; environment: TryEnvironment } | { ok: false; reason: string };

// Makes the environment of one version in <dir>.partial and renames it into place once complete. Any failure (pip
// or npm refusing, no network, the interrupt) removes the partial directory: nothing half-made stays behind.
export async function installEnvironment(
  root: string,
  kind: TryKind,
  version: string,
  settings: InstallSettings,
  runner: CommandRunner,
  signal: AbortSignal,
): Promise<InstallResult> {
  const dir = environmentDir(root, kind, version);
  const partial = `${dir}${PARTIAL}`;
  fs.mkdirSync(root, { recursive: true, mode: 0o700 });
  fs.rmSync(partial, { recursive: true, force: true });
  fs.rmSync(dir, { recursive: true, force: true });
  try {
    const failure = kind === 'python' ? await installPython(partial, version, settings, runner, signal) : await installNode(partial, version, settings, runner, signal);
    if (failure !== null || signal.aborted) {
      fs.rmSync(partial, { recursive: true, force: true });
      return { ok: false, reason: failure ?? `interrupted by ${String(signal.reason)}` };
    }
    fs.writeFileSync(path.join(partial, MARKER), `${JSON.stringify({ kind, version, installed_at: new Date().toISOString() })}\n`);
    fs.renameSync(partial, dir);
    return { ok: true, environment: { kind, version, dir } };
  } catch (error) {
    fs.rmSync(partial, { recursive: true, force: true });
    throw error;
  }
}

// python3 -m venv DIR, then DIR's own pip installs openvino==VERSION. pip runs isolated (-I: no PYTHONPATH, no
// user site) but reads the user's pip configuration (its index, proxy, certificates). Console scripts the wheel
// installs (ovc, benchmark_app) keep the .partial path in their #! line; npu-watch runs only the interpreter.
async function installPython(dir: string, version: string, settings: InstallSettings, runner: CommandRunner, signal: AbortSignal): Promise<string | null> {
  const venvArgs = ['-m', 'venv', ...(settings.systemSitePackages ? ['--system-site-packages'] : []), dir];
  const venv = await runner(settings.python, venvArgs, { timeoutMs: INSTALL_TIMEOUT_MS, signal, cwd: '/' });
  if (venv.notFound) return `${settings.python} not found: a Python 3 with the venv module is needed`;
  if (venv.exitCode !== 0) return `${settings.python} -m venv failed: ${installFailureReason(venv.stderr, venv.stdout)}`;
  const pip = ['-I', '-m', 'pip', 'install', '--disable-pip-version-check', '--no-input', ...settings.pipArgs, `openvino==${version}`];
  const install = await runner(path.join(dir, 'bin', 'python3'), pip, { timeoutMs: INSTALL_TIMEOUT_MS, signal, cwd: '/' });
  if (install.exitCode !== 0 || install.signal !== null) return `pip: ${installFailureReason(install.stderr, install.stdout)}`;
  return null;
}

// npm install --prefix DIR openvino-node@VERSION (or that version's tarball), with the user's npm configuration.
async function installNode(dir: string, version: string, settings: InstallSettings, runner: CommandRunner, signal: AbortSignal): Promise<string | null> {
  fs.mkdirSync(dir, { recursive: true });
  const spec = settings.npmTarballs ? path.join(settings.npmTarballs, `openvino-node-${version}.tgz`) : `openvino-node@${version}`;
  const args = ['install', '--prefix', dir, '--no-audit', '--no-fund', '--no-save', '--loglevel=error', spec];
  const install = await runner('npm', args, { timeoutMs: INSTALL_TIMEOUT_MS, signal, cwd: dir });
  if (install.notFound) return 'npm not found: npm is needed to install openvino-node';
  if (install.exitCode !== 0 || install.signal !== null) return `npm: ${installFailureReason(install.stderr, install.stdout)}`;
  return null;
}

// The environment as a runtime of the canary pass ([[runtimes]] entry), named e.g. "openvino-2025.2.0" (python) or
// "openvino-node-2025.2.0" (node). The node entry is the package's main file: openvino-node's package.json has
// "main": "./dist/index.js" and no "exports" (openvinotoolkit/openvino, src/bindings/js/node/package.json), and
// the worker imports a path as a file URL (src/canary/worker/load-runtime.ts), which cannot name a directory.
export function runtimeEntryOf(environment: TryEnvironment): RuntimeEntry {
  const name = runtimeName(environment.kind, environment.version);
  if (environment.kind === 'python') return { name, kind: 'python', interpreter: path.join(environment.dir, 'bin', 'python3') };
  const pkg = path.join(environment.dir, 'node_modules', 'openvino-node');
  let main = 'index.js';
  try {
    const manifest = JSON.parse(fs.readFileSync(path.join(pkg, 'package.json'), 'utf8')) as { main?: unknown };
    if (typeof manifest.main === 'string') main = manifest.main;
  } catch {
    // No readable package.json: the worker's load then says what is missing.
  }
  return { name, kind: 'node', module: path.join(pkg, main) };
}

export function runtimeName(kind: TryKind, version: string): string {
  return `${kind === 'python' ? 'openvino' : 'openvino-node'}-${version}`.slice(0, 40);
}

// Every environment directory under root of `kind` (null: any), finished or partial.
export function listEnvironments(root: string, kind: TryKind | null): string[] {
  let names: string[];
  try {
    names = fs.readdirSync(root);
  } catch {
    return [];
  }
  return names.filter((name) => (kind === null ? /^(python|node)-/.test(name) : name.startsWith(`${kind}-`))).map((name) => path.join(root, name));
}

// Disk space a directory tree takes (allocated blocks, as du counts them; symbolic links not followed).
export function diskUsage(dir: string): number {
  let total = 0;
  const walk = (at: string) => {
    const stat = fs.lstatSync(at, { throwIfNoEntry: false });
    if (!stat) return;
    total += stat.blocks * 512;
    if (stat.isDirectory()) for (const name of fs.readdirSync(at)) walk(path.join(at, name));
  };
  walk(dir);
  return total;
}

// "1.2 GB", "340 MB", "12 kB" (decimal units, as pip and npm print sizes).
export function formatBytes(bytes: number): string {
  const units = ['B', 'kB', 'MB', 'GB', 'TB'];
  let value = bytes;
  let unit = 0;
  while (value >= 1000 && unit < units.length - 1) {
    value /= 1000;
    unit += 1;
  }
  return `${unit === 0 ? value : value.toFixed(value >= 10 ? 0 : 1)} ${units[unit]}`;
}
