import { failureSignature } from './failure-signature.js';
import type { WorkerRun } from './launcher.js';
import { notRun, type CanaryOutcome, type WorkerOutcome } from './outcome.js';
import { BENCHMARK_STAGES, type BenchmarkStage, type CanaryResult, type NpuCompilerType, type RuntimeInfo, type Stage, type WorkerVerdict } from './types.js';

const BENCHMARK = new Set<string>(BENCHMARK_STAGES);
const DIED_BEFORE_INFERENCE = new Set<string>(['load_runtime', 'discover', 'compile']);

// Turns what was observed of a worker into DESIGN.md's verdict (pure). The worker's own verdict
// stands when it gave one; otherwise the last stage it started names where it died or hung.
export function classifyRun(run: WorkerRun, compiler: NpuCompilerType | null): WorkerOutcome {
  // The host could not start a process (out of file descriptors, say): nothing about the device is known.
  if (run.startError !== null) {
    return { canary: notRun('skipped', `the canary worker could not be started: ${run.startError}`), benchmark: null, benchmark_error: null };
  }
  const stageSeconds: Partial<Record<Stage, number>> = {};
  let verdict: WorkerVerdict | null = null;
  let runtime: RuntimeInfo | null = null;
  let lastStarted: Stage | null = null;
  const open = new Set<Stage>();
  let benchmark: WorkerOutcome['benchmark'] = null;
  let benchmarkError: WorkerOutcome['benchmark_error'] = null;
  for (const message of run.messages) {
    if (message.type === 'stage_start') {
      lastStarted = message.stage;
      open.add(message.stage);
    } else if (message.type === 'stage_end') {
      open.delete(message.stage);
      stageSeconds[message.stage] = message.seconds;
    } else if (message.type === 'runtime') runtime = message.runtime;
    else if (message.type === 'verdict') verdict = message.verdict;
    else if (message.type === 'benchmark') benchmark = message.benchmark;
    else benchmarkError = { stage: message.stage, message: message.message };
  }
  const died = lastStarted !== null && open.has(lastStarted) ? lastStarted : null;
  const how = describeEnd(run);
  const base = {
    signal: run.signal,
    exit_code: run.exitCode,
    duration_seconds: run.durationSeconds,
    stage_seconds: stageSeconds,
    compiler_warnings: run.compilerWarnings,
    stderr_tail: run.stderrTail,
    compiler,
  };

  let canary: CanaryOutcome;
  if (verdict !== null) {
    const failed = verdict.result !== 'ok';
    canary = {
      ...notRun(verdict.result, verdict.message ?? ''),
      ...base,
      stage: verdict.stage,
      message: verdict.message,
      signature: failed ? failureSignature(`${verdict.message ?? ''}\n${run.stderrTail}`) : null,
      runtime: verdict.runtime ?? runtime,
      max_abs_error: verdict.max_abs_error,
      tolerance: verdict.tolerance,
    };
    // Died or hung after the verdict: the benchmark is what failed.
    if (died !== null && BENCHMARK.has(died) && benchmark === null && benchmarkError === null) {
      benchmarkError = { stage: died as BenchmarkStage, message: `worker ${how} during ${died}` };
    }
  } else {
    const result = resultWithoutVerdict(run, died);
    const invalid = run.invalidLines.length > 0 ? `; unexpected worker output: ${run.invalidLines[0]}` : '';
    canary = {
      ...notRun(result, `worker ${how}${died ? ` during ${died}` : ' before starting a stage'}${invalid}`),
      ...base,
      stage: died ?? lastStarted,
      signature: result === 'timeout' ? null : failureSignature(run.stderrTail),
      runtime,
    };
  }
  return { canary, benchmark, benchmark_error: benchmarkError };
}

function resultWithoutVerdict(run: WorkerRun, died: Stage | null): CanaryResult {
  if (run.ended?.reason === 'stage_timeout' || run.ended?.reason === 'total_timeout') return 'timeout';
  if (run.ended?.reason === 'shutdown') return 'skipped';
  if (died === null || DIED_BEFORE_INFERENCE.has(died)) return 'compile_crash';
  return 'infer_crash';
}

// "was killed by SIGABRT", "exited with code 3 without a verdict", "timed out (stage limit) and was killed".
function describeEnd(run: WorkerRun): string {
  if (run.unkillable) return 'did not exit even after SIGKILL';
  if (run.ended?.reason === 'shutdown') return 'was stopped because npu-watch is shutting down';
  if (run.ended) return `timed out (${run.ended.reason === 'stage_timeout' ? 'stage' : 'total'} limit) and was killed by ${run.signal ?? 'a signal'}`;
  if (run.signal) return `was killed by ${run.signal}`;
  return `exited with code ${run.exitCode} without a verdict`;
}
