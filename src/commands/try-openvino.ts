import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Config } from '../config.js';
import { cacheRoot } from '../config/environment.js';
import { systemClock } from '../host/clock.js';
import { createCommandRunner, type CommandRunner } from '../host/runner.js';
import type { AppLogger } from '../log.js';
import { buildCheckReport, type CheckReport } from '../report/check-report.js';
import { VERSION } from '../version.js';
import { runOnePass } from './one-pass.js';
import { newestVersions, type TryKind } from './try-openvino/candidates.js';
import { offeredVersions } from './try-openvino/offered.js';
import {
  diskUsage,
  existingEnvironment,
  formatBytes,
  installEnvironment,
  installSettings,
  listEnvironments,
  runtimeEntryOf,
  runtimeName,
  type InstallSettings,
} from './try-openvino/environments.js';
import { loadTryResults, mergeTryEntries, saveTryResults, type TryEntry } from '../canary/try-results.js';
import { renderTryOpenvino, tryEntriesOf, versionWorks, type CandidateOutcome } from './try-openvino/render.js';

export interface TryOpenvinoOptions {
  kind: TryKind | null;
  versions: string[] | null;
  latest: number | null;
  pre: boolean;
  clean: boolean;
  env: NodeJS.ProcessEnv;
  stdout: NodeJS.WritableStream;
  stderr: NodeJS.WritableStream & { isTTY?: boolean };
  // SIGINT/SIGTERM: the install or canary under way is ended, its partial environment removed, exit 128 + signal.
  signal: AbortSignal;
}

// Where the environments live: <cache>/try-openvino (config/environment.ts cacheRoot).
export function tryOpenvinoRoot(env: NodeJS.ProcessEnv): string {
  return path.join(cacheRoot(env), 'try-openvino');
}

// `npu-watch try-openvino`: candidate OpenVINO versions installed side by side in private environments, the canary
// pass run with them as its runtimes, and which one works here. Returns the exit code.
export async function runTryOpenvino(config: Config, log: AppLogger, options: TryOpenvinoOptions): Promise<number> {
  const { signal, stdout } = options;
  const progress = (line: string) => {
    if (options.stderr.isTTY) options.stderr.write(`${line}\n`);
  };
  const root = tryOpenvinoRoot(options.env);
  if (options.clean) return clean(root, options.kind, stdout);
  const kind = options.kind ?? 'python';
  const settings = installSettings(options.env);
  const runner = createCommandRunner({ timeoutMs: config.commands.timeout_seconds * 1000 });
  const interrupted = () => {
    options.stderr.write(`npu-watch: interrupted by ${String(signal.reason)}; nothing left running, no half-made environment left\n`);
    return 128 + (os.constants.signals[signal.reason as NodeJS.Signals] ?? 2);
  };

  let versions = options.versions;
  if (versions === null) {
    progress(`npu-watch: asking ${kind === 'python' ? 'pip' : 'npm'} which ${packageName(kind)} versions there are…`);
    const offered = await offeredVersions(kind, settings, runner, signal);
    if (signal.aborted) return interrupted();
    if (typeof offered === 'string') {
      options.stderr.write(`npu-watch: cannot list the ${packageName(kind)} versions: ${offered}\n`);
      return 1;
    }
    versions = newestVersions(offered, options.latest ?? 1, kind, options.pre);
    if (versions.length === 0) {
      options.stderr.write(`npu-watch: the index offers no ${options.pre ? '' : 'released '}${packageName(kind)} version\n`);
      return 1;
    }
  }

  const candidates = await prepareEnvironments(root, kind, versions, { settings, runner, signal, log, progress });
  if (candidates === null) return interrupted();

  const tested = candidates.filter((c) => c.status === 'tested');
  let report: CheckReport | null = null;
  if (tested.length > 0) {
    const runtimes = tested.map((c) => runtimeEntryOf({ kind, version: c.version, dir: c.dir }));
    const devices = config.canary.devices;
    const benchmark = config.benchmark.model_path !== null;
    const done = await runOnePass({ ...config, runtimes }, log, { devices, benchmark, signal, clock: systemClock, progress, updates: false });
    if (done === null) return interrupted();
    report = buildCheckReport(done.pass, devices, VERSION, new Date(systemClock.now()), { expected_tokens_per_second: config.expected_tokens_per_second, status: null });
  }
  stdout.write(renderTryOpenvino(candidates, report));
  stdout.write(environmentLines(root, candidates));
  keepResults(config.state.dir, tryEntriesOf(candidates, report, new Date(systemClock.now())), options.stderr);
  return tested.some((c) => versionWorks(report, c.runtime)) ? 0 : 1;
}

interface PrepareDeps {
  settings: InstallSettings;
  runner: CommandRunner;
  signal: AbortSignal;
  log: AppLogger;
  progress: (line: string) => void;
}

// Each version's environment, reused when complete, else installed; null when interrupted.
async function prepareEnvironments(root: string, kind: TryKind, versions: string[], deps: PrepareDeps): Promise<CandidateOutcome[] | null> {
  const { settings, runner, signal, log, progress } = deps;
  const candidates: CandidateOutcome[] = [];
  for (const version of versions) {
    const reused = existingEnvironment(root, kind, version);
    let environment = reused;
    if (environment === null) {
      progress(`npu-watch: installing ${packageName(kind)} ${version} in ${path.join(root, `${kind}-${version}`)} (a download of a few hundred MB)…`);
      const installed = await installEnvironment(root, kind, version, settings, runner, signal);
      if (signal.aborted) return null;
      if (!installed.ok) {
        log.warn({ version, reason: installed.reason }, 'try-openvino: install failed');
        progress(`npu-watch: ${packageName(kind)} ${version} could not be installed: ${installed.reason}`);
        candidates.push({ version, kind, status: 'install_failed', reason: installed.reason });
        continue;
      }
      environment = installed.environment;
    } else {
      progress(`npu-watch: reusing the environment of ${packageName(kind)} ${version} (${environment.dir})`);
    }
    candidates.push({ version, kind, status: 'tested', runtime: runtimeName(kind, version), reused: reused !== null, dir: environment.dir, bytes: diskUsage(environment.dir) });
  }
  return candidates;
}

// Kept for the daemon's metrics and the diagnosis; a state dir that cannot be written is said, not fatal.
function keepResults(stateDir: string, entries: TryEntry[], stderr: NodeJS.WritableStream): void {
  try {
    saveTryResults(stateDir, mergeTryEntries(loadTryResults(stateDir), entries));
  } catch (error) {
    stderr.write(`npu-watch: the results were not kept in ${stateDir}: ${(error as Error).message}\n`);
  }
}

const packageName = (kind: TryKind) => (kind === 'python' ? 'openvino' : 'openvino-node');

// "Environments (…/try-openvino, 1.2 GB in all)", then each: installed now or reused, its size.
function environmentLines(root: string, candidates: CandidateOutcome[]): string {
  const made = candidates.filter((c) => c.status === 'tested');
  const total = made.reduce((sum, c) => sum + c.bytes, 0);
  const lines = ['', `Environments (${root}, ${formatBytes(total)} of disk in all; npu-watch try-openvino --clean removes them)`];
  for (const c of made) lines.push(`  ${c.version}   ${c.reused ? 'reused' : 'installed now'}   ${formatBytes(c.bytes)}   ${c.dir}`);
  return `${lines.join('\n')}\n`;
}

// --clean: every environment of `kind` (null: all), partial ones too, removed; what was freed is printed.
function clean(root: string, kind: TryKind | null, stdout: NodeJS.WritableStream): number {
  const dirs = listEnvironments(root, kind);
  const bytes = dirs.reduce((sum, dir) => sum + diskUsage(dir), 0);
  for (const dir of dirs) fs.rmSync(dir, { recursive: true, force: true });
  stdout.write(`npu-watch: removed ${dirs.length} environment(s) from ${root}, ${formatBytes(bytes)} freed\n`);
  return 0;
}
