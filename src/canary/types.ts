import type { PowerWindow } from '../power/types.js';

// The stages a worker goes through, in order; the benchmark's stages follow the canary's.
export const CANARY_STAGES = ['load_runtime', 'discover', 'compile', 'infer', 'verify'] as const;
export const BENCHMARK_STAGES = ['benchmark_load', 'benchmark_compile', 'benchmark_warmup', 'benchmark_decode'] as const;
export type CanaryStage = (typeof CANARY_STAGES)[number];
export type BenchmarkStage = (typeof BENCHMARK_STAGES)[number];
export type Stage = CanaryStage | BenchmarkStage;

// DESIGN.md's canary.result values.
export const CANARY_RESULTS = [
  'ok',
  'runtime_missing',
  'device_missing',
  'permission_denied',
  'compile_error',
  'compile_crash',
  'infer_error',
  'infer_crash',
  'wrong_output',
  'timeout',
  'skipped',
] as const;
export type CanaryResult = (typeof CANARY_RESULTS)[number];

// The NPU plugin's two compilers (NPU_COMPILER_TYPE): the one in the driver (Level Zero graph
// extension, where the seed's crash is) and the one shipped with the OpenVINO plugin. Before OpenVINO 2026.0
// the plugin's was called MLIR (openvinotoolkit/openvino PR #32846, "Remove MLIR from compiler type"); the worker
// tries that name when a runtime refuses PLUGIN (worker/canary-stages.ts).
export const NPU_COMPILERS = ['DRIVER', 'PLUGIN'] as const;
export type NpuCompilerType = (typeof NPU_COMPILERS)[number];

// What the worker learned about the runtime and the device (absent values simply missing).
export interface RuntimeInfo {
  // The module the worker loaded (a node runtime's module, config [[runtimes]]).
  module: string;
  // true when that module declares itself npu-watch's fake runtime: its figures are test results.
  fake: boolean;
  openvino_version: string | null;
  available_devices: string[];
  // getVersions(device): plugin name → build number.
  device_versions: Record<string, string>;
  // FULL_DEVICE_NAME, DEVICE_ARCHITECTURE, NPU_DRIVER_VERSION, NPU_COMPILER_VERSION (major.minor), NPU_COMPILER_TYPE.
  // Read from the core, so they describe the device's DEFAULT configuration: NPU_COMPILER_TYPE as configured (DRIVER,
  // or PREFER_PLUGIN from OpenVINO 2026.1, not what it resolves to), NPU_COMPILER_VERSION of the compiler that
  // configuration picks (npu_compiler_version_of says which), whatever compiler a run forces.
  properties: Record<string, string>;
  // NPU: which compiler NPU_COMPILER_VERSION describes, e.g. "the default compiler (NPU_COMPILER_TYPE=PREFER_PLUGIN)".
  npu_compiler_version_of?: string | null;
  // NPU: the compiler the canary's compile really used, as the compiled model tells it (its NPU_COMPILER_TYPE:
  // DRIVER, PLUGIN, or MLIR before 2026.0); null when the compiled model does not say (or nothing compiled).
  npu_compiler_used?: string | null;
}

// NPUW prefills only a first call of more than one token (npuw/llm_infer_request.cpp, LLMInferRequest::infer).
export const NPU_MIN_PROMPT_TOKENS = 2;

// The LLM benchmark job (config [benchmark]).
export interface BenchmarkJob {
  model_path: string;
  prompt_token_ids: number[];
  max_new_tokens: number;
  repetitions: number;
  // OpenVINO CACHE_DIR for the LLM compile, this device's and runtime's own; null = no cache (always a cold compile).
  cache_dir: string | null;
  // Extra compile properties for this device (NPU: NPUW LLM settings).
  compile_properties: Record<string, string | number | boolean>;
}

// What the daemon asks one worker process to do, sent as JSON on its stdin.
export interface WorkerJob {
  runtime_module: string;
  device: string;
  // NPU only: force this compiler; null = the plugin's default.
  compiler_type: NpuCompilerType | null;
  benchmark: BenchmarkJob | null;
  // A directory the launching process created for this worker's files and removes once the worker is gone
  // (a crash or a kill leaves nothing behind); absent: the worker makes and removes its own.
  work_dir?: string;
  // The canary as the launching process wrote it into work_dir (canary-files.ts): every worker, Node or Python,
  // compiles that file and verifies against these numbers. Absent: the Node worker generates its own (the Python
  // worker refuses to run without it).
  canary?: CanaryJob;
}

// The canary model and its numbers, defined once in src/canary/model/ and handed to the worker.
export interface CanaryJob {
  // canary.onnx in the work dir (canaryOnnxModel's bytes).
  model_path: string;
  input_name: string;
  input_shape: number[];
  // canaryInput() (float32 values, exact in JSON).
  input: number[];
  output_name: string;
  // canaryReference(input), and the tolerance compareWithReference holds an output to (toleranceFor).
  reference: number[];
  tolerance: number;
}

// One repetition of greedy decoding.
export interface DecodeRun {
  tokens: number[];
  ttft_seconds: number;
  decode_seconds: number;
}

// The benchmark's figures for one device, decode throughput as OpenVINO GenAI and llama-bench define it.
export interface BenchmarkReport {
  model: string;
  prompt_tokens: number;
  generated_tokens: number;
  repetitions: number;
  // Median over repetitions of (generated - 1) / decode time: the first token belongs to TTFT.
  tokens_per_second: number;
  tokens_per_second_stddev: number;
  ttft_seconds: number;
  // Time per output token (decode only), median.
  tpot_seconds: number;
  load_seconds: number;
  compile_seconds: number;
  // The compiled model's LOADED_FROM_CACHE; where the runtime cannot tell, whether the device's cache dir held
  // anything before the compile.
  compile_cache: 'cold' | 'cached';
  // NPU: the compiler the LLM's compile used, as the compiled model tells it (NPU_COMPILER_TYPE); null otherwise.
  npu_compiler_used?: string | null;
  // The greedy tokens of the first measured repetition (compared with CPU's).
  tokens: number[];
  // Measured by the daemon around the decode stage (never by the worker); null when no source could be read.
  power?: PowerWindow | null;
}

// What a worker sends of its benchmark: what it measured, each repetition's DecodeRun among it. The figures
// (medians, spread, TPOT) are computed from the runs on the daemon's side (llm/benchmark-stats.ts benchmarkReport),
// once for the Node and the Python worker alike.
export type WorkerBenchmark = Pick<BenchmarkReport, 'model' | 'prompt_tokens' | 'load_seconds' | 'compile_seconds' | 'compile_cache' | 'npu_compiler_used'> & {
  runs: DecodeRun[];
};

// The canary's verdict as the worker itself saw it (crashes and timeouts are classified by the launcher).
export interface WorkerVerdict {
  runtime: RuntimeInfo | null;
  result: 'ok' | 'runtime_missing' | 'device_missing' | 'compile_error' | 'infer_error' | 'wrong_output';
  stage: CanaryStage | null;
  message: string | null;
  // verify: the largest |actual - reference| and the tolerance it was held to.
  max_abs_error: number | null;
  tolerance: number | null;
}

// The JSON lines a worker writes on stdout, in this order: stages (with the runtime's description
// after discover), the canary verdict, then the
// benchmark's stages and its report or error. A crash after the verdict leaves the verdict standing.
export type WorkerMessage =
  | { type: 'stage_start'; stage: Stage }
  | { type: 'stage_end'; stage: Stage; seconds: number }
  // Right after discovery, so what the runtime said survives a crash in compile.
  | { type: 'runtime'; runtime: RuntimeInfo }
  | { type: 'verdict'; verdict: WorkerVerdict }
  | { type: 'benchmark'; benchmark: WorkerBenchmark }
  | { type: 'benchmark_error'; stage: BenchmarkStage; message: string };
