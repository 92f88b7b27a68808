import type { BenchmarkReport, BenchmarkStage, CanaryResult, NpuCompilerType, RuntimeInfo, Stage } from './types.js';

// One device's canary, as `check --json` and /status show it (DESIGN.md's `canary` object).
export interface CanaryOutcome {
  result: CanaryResult;
  // The stage that failed or was running when the worker died; null for ok and for runs never started.
  stage: Stage | null;
  signal: string | null;
  exit_code: number | null;
  // Normalised identity of the failure (failure-signature.ts); same failure, same signature.
  signature: string | null;
  message: string | null;
  duration_seconds: number;
  // When the run ended (ISO 8601; set by device-canary.ts as each run returns): the diagnosis tells how long before
  // or after it the kernel logged an NPU event. null where the outcome was made without that moment (tests).
  finished_at: string | null;
  stage_seconds: Partial<Record<Stage, number>>;
  // "property is not supported by this compiler version" lines: OpenVINO vs NPU compiler mismatch.
  compiler_warnings: number;
  // The ends of the worker's stderr and stdout (bounded, ANSI colours removed), for people: native runtimes print
  // on both (the NPU plugin's logger on stdout).
  stderr_tail: string;
  stdout_tail: string;
  // NPU: the compiler this run used (null: the plugin's default, named in runtime.properties).
  compiler: NpuCompilerType | null;
  runtime: RuntimeInfo | null;
  max_abs_error: number | null;
  tolerance: number | null;
}

// An NPU canary with one compiler forced (NPU_COMPILER_TYPE). `unsupported`: the runtime refused the value
// ("Value 'PLUGIN' is not a valid COMPILER_TYPE option", the NPU plugin's COMPILER_TYPE::parse in
// src/plugins/intel_npu/src/al/include/intel_npu/config/options.hpp): this OpenVINO has no such choice, which says
// nothing about the device, so it is neither a failure nor a way out. The other results mean what they mean for
// the canary. Only the default configuration's canary gives the device's verdict and metrics.
export type CompilerRunResult = CanaryResult | 'unsupported';
export type CompilerRun = Omit<CanaryOutcome, 'result'> & { result: CompilerRunResult };

// What one worker run produced: the canary, and the benchmark if one was asked for and got far enough.
export interface WorkerOutcome {
  canary: CanaryOutcome;
  benchmark: BenchmarkReport | null;
  benchmark_error: { stage: BenchmarkStage | null; message: string } | null;
}

// A canary that never started a worker (device missing on the bus, node not accessible, stuck worker).
export function notRun(result: CanaryResult, message: string): CanaryOutcome {
  return {
    result,
    stage: null,
    signal: null,
    exit_code: null,
    signature: null,
    message,
    duration_seconds: 0,
    finished_at: null,
    stage_seconds: {},
    compiler_warnings: 0,
    stderr_tail: '',
    stdout_tail: '',
    compiler: null,
    runtime: null,
    max_abs_error: null,
    tolerance: null,
  };
}
