import { failureSignature } from './failure-signature.js';
import { benchmarkReport } from './llm/benchmark-stats.js';
import type { WorkerRun } from './launcher.js';
import { notRun, type CanaryOutcome, type WorkerOutcome } from './outcome.js';
import { isOpenvinoException, uncaughtException } from './uncaught-exception.js';
import { BENCHMARK_STAGES, type BenchmarkStage, type CanaryResult, type NpuCompilerType, type RuntimeInfo, type Stage, type WorkerVerdict } from './types.js';

const BENCHMARK = new Set<string>(BENCHMARK_STAGES);
const DIED_BEFORE_INFERENCE = new Set<string>(['load_runtime', 'discover', 'compile']);
// The stages whose native call is a compile (`compileModel`).
const COMPILE_STAGES = new Set<string>(['compile', 'benchmark_compile']);

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
    else if (message.type === 'benchmark') {
      // The figures are computed here from the worker's repetitions; repetitions that cannot give them are an error.
      try {
        benchmark = benchmarkReport(message.benchmark);
      } catch (error) {
        benchmarkError = { stage: 'benchmark_decode', message: (error as Error).message };
      }
    }
    else benchmarkError = { stage: message.stage, message: message.message };
  }
  const died = lastStarted !== null && open.has(lastStarted) ? lastStarted : null;
  const how = describeEnd(run);
  const compileError = runtimeCompileError(run, died);
  // Native text from both streams, for signatures: the plugin logs on stdout, libstdc++ and assertions on stderr.
  const nativeText = `${run.stdoutTail}\n${run.stderrTail}`;
  const base = {
    signal: run.signal,
    exit_code: run.exitCode,
    duration_seconds: run.durationSeconds,
    stage_seconds: stageSeconds,
    compiler_warnings: run.compilerWarnings,
    stderr_tail: run.stderrTail,
    stdout_tail: run.stdoutTail,
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
      signature: failed ? failureSignature(`${verdict.message ?? ''}\n${nativeText}`) : null,
      runtime: verdict.runtime ?? runtime,
      max_abs_error: verdict.max_abs_error,
      tolerance: verdict.tolerance,
    };
    // Died or hung after the verdict: the benchmark is what failed.
    if (died !== null && BENCHMARK.has(died) && benchmark === null && benchmarkError === null) {
      benchmarkError = { stage: died as BenchmarkStage, message: compileError ?? `worker ${how} during ${died}` };
    }
  } else if (compileError !== null) {
    // The binding let the runtime's compile error escape its thread (std::terminate, then SIGABRT): what the
    // runtime said is in the terminate handler's what(), and it is a compile error, not a crash of the device.
    canary = {
      ...notRun('compile_error', compileError),
      ...base,
      stage: died,
      signature: failureSignature(`${compileError}\n${nativeText}`),
      runtime,
    };
  } else {
    const result = resultWithoutVerdict(run, died);
    const invalid = run.invalidLines.length > 0 ? `; unexpected worker output: ${run.invalidLines[0]}` : '';
    canary = {
      ...notRun(result, `worker ${how}${died ? ` during ${died}` : ' before starting a stage'}${invalid}`),
      ...base,
      stage: died ?? lastStarted,
      signature: result === 'timeout' ? null : failureSignature(nativeText),
      runtime,
    };
  }
  return { canary, benchmark, benchmark_error: benchmarkError };
}

// The message of a compile error that openvino-node did not catch: the worker died by SIGABRT in a compile stage
// after libstdc++'s terminate handler named an OpenVINO exception (uncaught-exception.ts). Bindings before
// openvinotoolkit/openvino PR #34771 end an async `compileModel` that fails this way.
function runtimeCompileError(run: WorkerRun, died: Stage | null): string | null {
  if (run.signal !== 'SIGABRT' || run.ended !== null || died === null || !COMPILE_STAGES.has(died)) return null;
  const exception = uncaughtException(run.stderrTail);
  if (exception === null || !isOpenvinoException(exception) || exception.message === '') return null;
  return exception.message;
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
