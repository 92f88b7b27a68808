import { createInterface } from 'node:readline';
import { execa } from 'execa';
import { signalGroup } from '../host/process-group.js';
import { SIGKILL_PATIENCE_SECONDS } from '../host/stop-timeout.js';
import type { BasicLogger } from '../log.js';
import { nativeStream } from './native-output.js';
import { parseWorkerLine } from './parse-worker-line.js';
import { PROTOCOL_FD } from './protocol-channel.js';
import type { Stage, WorkerJob, WorkerMessage } from './types.js';

// How to start a worker process: the program and its arguments. The job comes on stdin, the protocol on fd 3.
export interface WorkerCommand {
  file: string;
  args: string[];
}

// A worker script run by this very Node (npu-watch's own worker, or a test's fixture worker).
export function nodeWorkerCommand(script: string): WorkerCommand {
  return { file: process.execPath, args: [script] };
}

export interface LaunchOptions {
  command: WorkerCommand;
  // The whole run, and any one stage.
  totalTimeoutMs: number;
  stageTimeoutMs: number;
  // Between SIGTERM and SIGKILL to the worker's process group, and after SIGKILL before giving up.
  graceMs: number;
  // Once the worker has given everything asked of it, how long it may take to exit before its group is ended
  // (default WORKER_EXIT_PATIENCE_MS). A healthy worker exits at once; this only bounds one stuck in its own exit.
  lingerMs?: number;
  log: BasicLogger;
  // Daemon shutdown: ends the worker's group the same way as a timeout.
  signal?: AbortSignal;
  env?: Record<string, string>;
  // Told when each stage starts and ends (the daemon samples power around the benchmark's decode).
  onStage?: (stage: Stage, edge: 'start' | 'end') => void;
}

// Everything observed of one worker process.
export interface WorkerRun {
  messages: WorkerMessage[];
  // Protocol-channel lines that were not valid worker messages, with why.
  invalidLines: string[];
  exitCode: number | null;
  signal: string | null;
  // Set when npu-watch ended the worker: which limit, and the stage it was in.
  ended: { reason: 'stage_timeout' | 'total_timeout' | 'shutdown'; stage: Stage | null } | null;
  // Everything asked of the worker was in (its verdict, and the benchmark's report or error when one was asked
  // for), but the process did not exit within the grace time, so npu-watch ended its group. Its results stand.
  lingered: boolean;
  // The worker did not exit even after SIGKILL (stuck in the kernel); no new worker starts until it does.
  unkillable: boolean;
  // The worker could not be started at all (`spawn … EMFILE` at the fd limit, EACCES, …); nothing else is set.
  startError: string | null;
  // The ends of the native runtime's stdout and stderr, ANSI colour codes removed (native-output.ts).
  stdoutTail: string;
  stderrTail: string;
  // Compiler-version warnings on stdout and stderr together.
  compilerWarnings: number;
  durationSeconds: number;
}

const TAIL_CHARS = 16 * 1024;

// OV_NPU_LOG_LEVEL: the NPU plugin reads its LOG_LEVEL option (ov::log::level) from this variable
// (openvinotoolkit/openvino src/plugins/intel_npu/src/al/include/intel_npu/config/options.hpp, LOG_LEVEL::envVar;
// Plugin::Plugin calls _globalConfig.parseEnvVars() and Logger::global().setLevel(LOG_LEVEL)). Release builds
// default to ov::log::Level::ERR (LOG_LEVEL::defaultValue), which hides the logger's warnings, compiler-version
// mismatches among them; LOG_WARNING (ov::log::Level::WARNING, parsed by operator>>(std::istream&, ov::log::Level&)
// in src/inference/include/openvino/runtime/properties.hpp) prints them. A level the user set is kept.
export const NPU_LOG_LEVEL_ENV = 'OV_NPU_LOG_LEVEL';
export const NPU_CANARY_LOG_LEVEL = 'LOG_WARNING';

// The worker's environment: the daemon's, plus the NPU plugin's log level for an NPU job.
export function workerEnv(job: WorkerJob, env: Record<string, string> | undefined): Record<string, string> | undefined {
  if (!job.device.toUpperCase().startsWith('NPU')) return env;
  if ((env?.[NPU_LOG_LEVEL_ENV] ?? process.env[NPU_LOG_LEVEL_ENV]) !== undefined) return env;
  return { ...env, [NPU_LOG_LEVEL_ENV]: NPU_CANARY_LOG_LEVEL };
}

// The process groups of workers running now (their leaders' pids), so a shutdown that outlasted its grace can end
// them rather than leave them behind (killRunningWorkers).
const runningGroups = new Set<number>();

// SIGKILLs the process group of every worker still running; returns their pids.
export function killRunningWorkers(): number[] {
  const pids = [...runningGroups];
  for (const pid of pids) signalGroup(pid, 'SIGKILL');
  return pids;
}
// How long a worker may take to vanish after SIGKILL before we call it stuck.
const SIGKILL_PATIENCE_MS = SIGKILL_PATIENCE_SECONDS * 1000;
// How long a worker that gave all its results may take to exit (LaunchOptions.lingerMs).
export const WORKER_EXIT_PATIENCE_MS = 30_000;

// A worker that survived SIGKILL (uninterruptible sleep in a driver): new runs wait for it to go.
let stuckWorker: { pid: number; gone: Promise<void> } | null = null;

// The pid of a worker that outlived SIGKILL and is still there, if any.
export function stuckWorkerPid(): number | null {
  return stuckWorker?.pid ?? null;
}

// Runs one worker in its own process group, feeding it the job and collecting its JSON lines;
// enforces the stage and total timeouts by ending the whole group (SIGTERM, then SIGKILL).
export async function launchWorker(job: WorkerJob, options: LaunchOptions): Promise<WorkerRun> {
  const started = performance.now();
  // stdin: the job; stdout and stderr: the native runtime's text; fd 3 (PROTOCOL_FD): the worker's JSON lines.
  const child = execa(options.command.file, options.command.args, {
    input: `${JSON.stringify(job)}\n`,
    detached: true,
    reject: false,
    buffer: false,
    stdio: ['pipe', 'pipe', 'pipe', 'pipe'],
    env: workerEnv(job, options.env),
    cleanup: false,
  });
  const run: WorkerRun = {
    messages: [],
    invalidLines: [],
    exitCode: null,
    signal: null,
    ended: null,
    lingered: false,
    unkillable: false,
    startError: null,
    stdoutTail: '',
    stderrTail: '',
    compilerWarnings: 0,
    durationSeconds: 0,
  };
  // No pid: the spawn itself failed (execa resolves, with reject: false, to a result naming the errno).
  if (child.pid === undefined) {
    const failed = await child;
    run.startError = failed.originalMessage || failed.shortMessage || 'the worker process could not be started';
    run.durationSeconds = (performance.now() - started) / 1000;
    options.log.error({ err: run.startError }, `canary worker could not be started: ${run.startError}`);
    return run;
  }
  // Logged as worker_pid: pino's base already puts the daemon's own pid on every line (src/log.ts), and a
  // second `pid` key would make JSON readers keep only one of them.
  const pid = child.pid;
  runningGroups.add(pid);
  let currentStage: Stage | null = null;
  let stageTimer: NodeJS.Timeout | undefined;
  const exited = new Promise<void>((resolve) => child.nodeChildProcess.once('exit', () => resolve()));
  void exited.then(() => runningGroups.delete(pid));

  // Resolves if the worker is still there well after SIGKILL: then it is stuck and we stop waiting.
  let giveUp!: () => void;
  const gaveUp = new Promise<'gave_up'>((resolve) => (giveUp = () => resolve('gave_up')));
  const endGroup = (reason: NonNullable<WorkerRun['ended']>['reason']) => {
    if (run.ended || run.lingered) return;
    run.ended = { reason, stage: currentStage };
    options.log.warn({ worker_pid: pid, reason, stage: currentStage }, `ending canary worker ${pid} (${reason} in ${currentStage ?? 'start-up'})`);
    signalGroup(pid, 'SIGTERM');
    const kill = setTimeout(() => {
      signalGroup(pid, 'SIGKILL');
      setTimeout(giveUp, SIGKILL_PATIENCE_MS).unref();
    }, options.graceMs);
    void exited.then(() => clearTimeout(kill));
  };
  const totalTimer = setTimeout(() => endGroup('total_timeout'), options.totalTimeoutMs);
  const onAbort = () => endGroup('shutdown');
  options.signal?.addEventListener('abort', onAbort, { once: true });
  // Aborted before the worker even started (while the power baseline was sampled, say): no abort event will
  // come, so end it now rather than let it run to its timeouts.
  if (options.signal?.aborted) onAbort();

  // Once everything asked for is in, the worker has lingerMs to exit; then its group is ended. A Node process can
  // deadlock in its own exit (nodejs/node#54918: MainThread in a futex after process.exit), and such a worker
  // would otherwise outlive its run, and the daemon. Not the kill grace: a healthy worker that exits slowly on a
  // busy machine must keep its own exit status.
  const lingerMs = options.lingerMs ?? WORKER_EXIT_PATIENCE_MS;
  let lingerTimer: NodeJS.Timeout | undefined;
  const allIn = () => {
    if (lingerTimer !== undefined || run.ended) return;
    lingerTimer = setTimeout(() => {
      if (run.ended) return;
      run.lingered = true;
      options.log.warn(
        { worker_pid: pid, linger_ms: lingerMs },
        `canary worker ${pid} gave all its results but had not exited ${lingerMs} ms later; ending its process group (the results stand)`,
      );
      signalGroup(pid, 'SIGKILL');
      setTimeout(giveUp, SIGKILL_PATIENCE_MS).unref();
    }, lingerMs);
  };
  void exited.then(() => clearTimeout(lingerTimer));

  const lines = createInterface({ input: child.stdio[PROTOCOL_FD]! });
  const linesClosed = new Promise<void>((resolve) => lines.once('close', () => resolve()));
  lines.on('line', (line) => {
    const parsed = parseWorkerLine(line);
    if (!parsed.ok) {
      run.invalidLines.push(parsed.error);
      return;
    }
    run.messages.push(parsed.message);
    if (parsed.message.type === 'stage_start') {
      currentStage = parsed.message.stage;
      clearTimeout(stageTimer);
      stageTimer = setTimeout(() => endGroup('stage_timeout'), options.stageTimeoutMs);
      options.onStage?.(parsed.message.stage, 'start');
    } else if (parsed.message.type === 'stage_end') {
      clearTimeout(stageTimer);
      options.onStage?.(parsed.message.stage, 'end');
    }
    if (everythingIn(job, run.messages)) allIn();
  });
  // Native text: the NPU plugin's logger prints on stdout, libstdc++ and assertions on stderr; both are kept.
  const stdout = nativeStream(TAIL_CHARS);
  const stderr = nativeStream(TAIL_CHARS);
  child.stdout!.setEncoding('utf8').on('data', (chunk: string) => stdout.add(chunk));
  child.stderr!.setEncoding('utf8').on('data', (chunk: string) => stderr.add(chunk));

  const result = await Promise.race([child, gaveUp]);
  if (result === 'gave_up') rememberStuck(child, pid, run, options.log);
  clearTimeout(totalTimer);
  clearTimeout(stageTimer);
  clearTimeout(lingerTimer);
  options.signal?.removeEventListener('abort', onAbort);
  stdout.finish();
  stderr.finish();
  run.stdoutTail = stdout.tail();
  run.stderrTail = stderr.tail();
  run.compilerWarnings = stdout.compilerWarnings() + stderr.compilerWarnings();
  if (result !== 'gave_up') {
    await linesClosed;
    run.exitCode = result.exitCode ?? null;
    run.signal = result.signal ?? null;
  }
  run.durationSeconds = (performance.now() - started) / 1000;
  return run;
}

// Whether the worker has said everything the job asked of it: the canary's verdict, and when a benchmark was asked
// for and the canary passed (the worker benchmarks only then), the benchmark's report or error.
export function everythingIn(job: WorkerJob, messages: WorkerMessage[]): boolean {
  const verdict = messages.find((message) => message.type === 'verdict');
  if (verdict === undefined) return false;
  if (job.benchmark === null || verdict.verdict.result !== 'ok') return true;
  return messages.some((message) => message.type === 'benchmark' || message.type === 'benchmark_error');
}

// A worker that outlived SIGKILL (uninterruptible sleep in the driver): no new run starts until it exits.
function rememberStuck(child: Promise<unknown>, pid: number, run: WorkerRun, log: BasicLogger): void {
  run.unkillable = true;
  log.error({ worker_pid: pid }, `canary worker ${pid} survived SIGKILL (stuck in the driver?); no new canary runs until it exits`);
  stuckWorker = {
    pid,
    gone: child.then(() => {
      stuckWorker = null;
      log.info({ worker_pid: pid }, `stuck canary worker ${pid} finally exited`);
    }),
  };
}

