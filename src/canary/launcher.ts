import { createInterface } from 'node:readline';
import { execa } from 'execa';
import { signalGroup } from '../host/process-group.js';
import { SIGKILL_PATIENCE_SECONDS } from '../host/stop-timeout.js';
import type { BasicLogger } from '../log.js';
import { COMPILER_WARNING } from './failure-signature.js';
import { parseWorkerLine } from './parse-worker-line.js';
import type { Stage, WorkerJob, WorkerMessage } from './types.js';

export interface LaunchOptions {
  workerPath: string;
  // The whole run, and any one stage.
  totalTimeoutMs: number;
  stageTimeoutMs: number;
  // Between SIGTERM and SIGKILL to the worker's process group, and after SIGKILL before giving up.
  graceMs: number;
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
  // stdout lines that were not valid worker messages, with why.
  invalidLines: string[];
  exitCode: number | null;
  signal: string | null;
  // Set when npu-watch ended the worker: which limit, and the stage it was in.
  ended: { reason: 'stage_timeout' | 'total_timeout' | 'shutdown'; stage: Stage | null } | null;
  // The worker did not exit even after SIGKILL (stuck in the kernel); no new worker starts until it does.
  unkillable: boolean;
  // The worker could not be started at all (`spawn … EMFILE` at the fd limit, EACCES, …); nothing else is set.
  startError: string | null;
  stderrTail: string;
  compilerWarnings: number;
  durationSeconds: number;
}

const STDERR_TAIL_BYTES = 16 * 1024;
// How long a worker may take to vanish after SIGKILL before we call it stuck.
const SIGKILL_PATIENCE_MS = SIGKILL_PATIENCE_SECONDS * 1000;

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
  const child = execa(process.execPath, [options.workerPath], {
    input: `${JSON.stringify(job)}\n`,
    detached: true,
    reject: false,
    buffer: false,
    stdout: 'pipe',
    stderr: 'pipe',
    env: options.env,
    cleanup: false,
  });
  const run: WorkerRun = {
    messages: [],
    invalidLines: [],
    exitCode: null,
    signal: null,
    ended: null,
    unkillable: false,
    startError: null,
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
  let currentStage: Stage | null = null;
  let stageTimer: NodeJS.Timeout | undefined;
  const exited = new Promise<void>((resolve) => child.nodeChildProcess.once('exit', () => resolve()));

  // Resolves if the worker is still there well after SIGKILL: then it is stuck and we stop waiting.
  let giveUp!: () => void;
  const gaveUp = new Promise<'gave_up'>((resolve) => (giveUp = () => resolve('gave_up')));
  const endGroup = (reason: NonNullable<WorkerRun['ended']>['reason']) => {
    if (run.ended) return;
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

  const lines = createInterface({ input: child.stdout! });
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
  });
  let pendingLine = '';
  child.stderr!.on('data', (chunk: Buffer) => {
    const text = pendingLine + chunk.toString('utf8');
    const complete = text.split('\n');
    pendingLine = complete.pop() ?? '';
    run.compilerWarnings += complete.filter((line) => COMPILER_WARNING.test(line)).length;
    run.stderrTail = (run.stderrTail + chunk.toString('utf8')).slice(-STDERR_TAIL_BYTES);
  });

  const result = await Promise.race([child, gaveUp]);
  if (result === 'gave_up') rememberStuck(child, pid, run, options.log);
  clearTimeout(totalTimer);
  clearTimeout(stageTimer);
  options.signal?.removeEventListener('abort', onAbort);
  if (pendingLine && COMPILER_WARNING.test(pendingLine)) run.compilerWarnings += 1;
  if (result !== 'gave_up') {
    await linesClosed;
    run.exitCode = result.exitCode ?? null;
    run.signal = result.signal ?? null;
  }
  run.durationSeconds = (performance.now() - started) / 1000;
  return run;
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

