import type { CommandResult } from '../../host/runner.js';
import type { ProbeContext } from '../types.js';
import { installFailureReason, newestRelease, npmJsonErrorSummary, parseNpmViewVersions, parsePipIndexVersions } from './openvino-releases.js';
import type { OpenvinoRelease, RuntimeToUpdate } from './types.js';

// pip's own bound on a dead index: one retry, a 15 s socket timeout (pypa/pip src/pip/_internal/cli/cmdoptions.py
// `retries` default 5 and `timeout` default 15, general options every command takes). Without them an offline host
// spends its retries' backoff before failing; the command timeout still bounds the whole call.
const PIP_NETWORK_OPTIONS = ['--retries', '1', '--timeout', '15'];

// npm's own bound on a dead registry: no retries, a 15 s fetch timeout (npm/cli
// workspaces/config/lib/definitions/definitions.js `fetch-retries` default 2, `fetch-timeout` default 5 minutes).
// Only these two are set on the command line: the registry, proxy and auth stay the user's (.npmrc, npm_config_*).
const NPM_NETWORK_OPTIONS = ['--fetch-retries=0', '--fetch-timeout=15000'];

// The newest OpenVINO release each runtime's installer offers; a runtime whose index cannot be reached (offline, no
// pip in that interpreter, no npm) has no entry and one log line: no data, not an error.
export async function readOpenvinoReleases(runtimes: readonly RuntimeToUpdate[], ctx: ProbeContext): Promise<OpenvinoRelease[]> {
  const releases = await Promise.all(runtimes.map((runtime) => readOne(runtime, ctx)));
  return releases.filter((release) => release !== null);
}

async function readOne(runtime: RuntimeToUpdate, ctx: ProbeContext): Promise<OpenvinoRelease | null> {
  const listing = runtime.kind === 'python' ? await listPip(runtime.interpreter, ctx) : await listNpm(ctx);
  // Stopped (the daemon's shutdown ended pip or npm): nothing to tell, and nothing is logged after "stopped".
  if (ctx.signal.aborted) return null;
  if (typeof listing === 'string') {
    ctx.log.info({ runtime: runtime.name, reason: listing }, `updates: no OpenVINO releases for runtime ${runtime.name}: ${listing}`);
    return null;
  }
  const newest = newestRelease(listing, runtime.kind);
  if (newest === null) {
    ctx.log.info({ runtime: runtime.name }, `updates: the index lists no OpenVINO release for runtime ${runtime.name}`);
    return null;
  }
  return { runtime: runtime.name, kind: runtime.kind, newest };
}

// The interpreter's own pip, isolated (-I: no PYTHON* variables, no user site, not the cwd on sys.path), from /, so
// that it reads the index that interpreter's pip is configured for (pip.conf, PIP_INDEX_URL). `pip index` lists
// releases only unless given --pre (pypa/pip src/pip/_internal/commands/index.py, IndexCommand.add_options: --pre).
async function listPip(interpreter: string, ctx: ProbeContext): Promise<string[] | string> {
  const args = ['-I', '-m', 'pip', 'index', 'versions', 'openvino', '--disable-pip-version-check', ...PIP_NETWORK_OPTIONS];
  const result = await ctx.run(interpreter, args, { signal: ctx.signal, cwd: '/' });
  if (result.notFound) return `${interpreter} is not installed`;
  if (failed(result)) return `pip: ${reasonOf(result)}`;
  return parsePipIndexVersions(result.stdout) ?? `unexpected pip output: ${result.stdout.slice(0, 200)}`;
}

// The user's npm against the registry it is configured for (npm view reads the packument: npm/cli lib/commands/view.js).
async function listNpm(ctx: ProbeContext): Promise<string[] | string> {
  const result = await ctx.run('npm', ['view', 'openvino-node', 'versions', '--json', ...NPM_NETWORK_OPTIONS], { signal: ctx.signal, cwd: '/' });
  if (result.notFound) return 'npm is not installed';
  if (failed(result)) return `npm: ${(result.timedOut ? null : npmJsonErrorSummary(result.stdout)) ?? reasonOf(result)}`;
  return parseNpmViewVersions(result.stdout) ?? `unexpected npm output: ${result.stdout.slice(0, 200)}`;
}

function failed(result: CommandResult): boolean {
  return result.timedOut || result.startError !== null || result.exitCode !== 0;
}

function reasonOf(result: CommandResult): string {
  if (result.timedOut) return 'timed out';
  return result.startError ?? installFailureReason(result.stderr, result.stdout);
}
