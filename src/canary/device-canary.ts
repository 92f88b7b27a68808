import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import type { Config } from '../config.js';
import { createCanaryWorkDir, removeCanaryWorkDir } from '../host/canary-temp.js';
import type { BasicLogger } from '../log.js';
import type { DeviceReport } from '../probes/device/types.js';
import { createBenchmarkPower } from './benchmark-power.js';
import { classifyRun } from './classify-run.js';
import { launchWorker, nodeWorkerCommand, stuckWorkerPid, type WorkerRun } from './launcher.js';
import { npuLlmProperties } from './llm/npu-llm-properties.js';
import { notRun, type CanaryOutcome, type CompilerRun, type WorkerOutcome } from './outcome.js';
import { pythonWorkerCommand, pythonWorkerScript, classifyPythonRun } from './python-worker.js';
import { interpreterProblem, type Runtime } from './runtimes.js';
import { NPU_COMPILERS, NPU_MIN_PROMPT_TOKENS, type BenchmarkJob, type CanaryJob, type NpuCompilerType, type WorkerJob } from './types.js';
import { writeCanaryFiles } from './canary-files.js';
import { isNpu } from './device-names.js';

export interface CanaryDeps {
  config: Config;
  log: BasicLogger;
  // The Node worker script (node runtimes).
  workerPath: string;
  // The runtime this canary tests (config [[runtimes]]).
  runtime: Runtime;
  // Whether to run the LLM benchmark (when [benchmark] model_path is set).
  benchmark: boolean;
  signal?: AbortSignal;
}

// One device's canary: the default run (with the benchmark), and on NPU each compiler forced, each in its own worker.
export interface DeviceCanary {
  device: string;
  outcome: WorkerOutcome;
  // NPU (when its default run got as far as the device): one run per compiler, NPU_COMPILERS' order; otherwise null.
  compilers: CompilerRun[] | null;
}

// Results after which forcing a compiler cannot tell anything more: no runtime, no device, nothing started.
const NOTHING_TO_COMPARE = new Set(['runtime_missing', 'device_missing', 'permission_denied', 'skipped']);

// Runs the canary on one device in isolated workers; never throws for anything the device does. On NPU the
// default configuration gives the verdict, and DRIVER and PLUGIN are each forced in a worker of their own: the
// default cannot be read reliably (OpenVINO 2026.1's PREFER_PLUGIN resolves only at compile time; see types.ts
// RuntimeInfo.properties), and the runs tell the diagnosis which compiler works.
export async function runDeviceCanary(device: string, hardware: DeviceReport | null, deps: CanaryDeps): Promise<DeviceCanary> {
  const skip = runtimeProblem(deps.runtime) ?? reasonNotToRun(device, hardware);
  if (skip) return { device, outcome: { canary: finished(skip), benchmark: null, benchmark_error: null }, compilers: null };
  const prompt = deps.benchmark ? promptProblem(device, deps.config) : null;
  const first = finishedRun(await runOnce(device, null, deps.benchmark && !prompt ? benchmarkJob(device, deps.config, deps.runtime) : null, hardware, deps));
  if (prompt) first.benchmark_error = { stage: null, message: prompt };
  if (!isNpu(device) || NOTHING_TO_COMPARE.has(first.canary.result)) return { device, outcome: first, compilers: null };
  const compilers: CompilerRun[] = [];
  for (const compiler of NPU_COMPILERS) compilers.push(compilerRun(finished((await runOnce(device, compiler, null, hardware, deps)).canary)));
  return { device, outcome: first, compilers };
}

// A run's outcome stamped with the moment it ended (now: each run is stamped as it returns).
function finished(canary: CanaryOutcome): CanaryOutcome {
  return { ...canary, finished_at: new Date().toISOString() };
}

function finishedRun(outcome: WorkerOutcome): WorkerOutcome {
  return { ...outcome, canary: finished(outcome.canary) };
}

// A forced compiler's canary, with the runtime's refusal of the value told apart from a failure (pure).
export function compilerRun(canary: CanaryOutcome): CompilerRun {
  if (canary.result === 'compile_error' && canary.message !== null && COMPILER_VALUE_REFUSED.test(canary.message)) {
    return { ...canary, result: 'unsupported' };
  }
  return canary;
}

// The NPU plugin's parser refusing an NPU_COMPILER_TYPE value (options.hpp COMPILER_TYPE::parse; compiler.cpp before 2026.0).
const COMPILER_VALUE_REFUSED = /Value '[^']*' is not a valid COMPILER_TYPE option/;

// A one-token prompt on NPU: NPUW runs its prefill model only for a first call of more than one token
// (openvinotoolkit/openvino src/plugins/intel_npu/src/plugin/npuw/llm_infer_request.cpp, LLMInferRequest::infer),
// so TTFT would time a generate step. The config refuses it when [canary] devices has an NPU; this covers
// `check --device NPU` with a config made for other devices.
function promptProblem(device: string, config: Config): string | null {
  if (!isNpu(device) || config.benchmark.model_path === null || config.benchmark.prompt_token_ids.length >= NPU_MIN_PROMPT_TOKENS) return null;
  return `not run: [benchmark] prompt_token_ids has ${config.benchmark.prompt_token_ids.length} token; on NPU it needs at least ${NPU_MIN_PROMPT_TOKENS} (NPUW prefills only a prompt of 2 or more tokens)`;
}

async function runOnce(
  device: string,
  compiler: NpuCompilerType | null,
  requested: BenchmarkJob | null,
  hardware: DeviceReport | null,
  deps: CanaryDeps,
): Promise<WorkerOutcome> {
  const stuck = stuckWorkerPid();
  if (stuck !== null) {
    const canary = notRun('skipped', `a previous canary worker (pid ${stuck}) is still stuck in the driver; not starting another`);
    return { canary: { ...canary, compiler }, benchmark: null, benchmark_error: null };
  }
  // Stopping (daemon shutdown, Ctrl-C on check): the next compiler's or device's worker is not started at all.
  if (deps.signal?.aborted) {
    return { canary: { ...notRun('skipped', 'npu-watch is stopping; no new canary worker started'), compiler }, benchmark: null, benchmark_error: null };
  }
  const power = requested ? createBenchmarkPower(deps.config, hardware, device, deps.log, { signal: deps.signal }) : null;
  const skipped = power ? await power.gate() : null;
  const benchmark = skipped ? null : requested;
  if (power && benchmark) await power.baseline();
  const { runtime } = deps;
  const limits = deps.config.canary;
  // This process owns the worker's work dir: made here, removed once launchWorker says the worker is gone
  // (however it ended: abort, segfault, timeout, shutdown). A worker stuck even after SIGKILL may still hold it;
  // the next start's clearStaleCanaryWorkDirs removes it then.
  let workDir: string;
  try {
    workDir = createCanaryWorkDir();
  } catch (error) {
    const canary = notRun('skipped', `cannot create the canary's work dir: ${(error as Error).message}`);
    return { canary: { ...canary, compiler }, benchmark: null, benchmark_error: null };
  }
  // The canary the worker runs, written here so that every runtime's worker verifies the same model and numbers.
  let canaryFiles: CanaryJob;
  try {
    canaryFiles = writeCanaryFiles(workDir);
  } catch (error) {
    removeCanaryWorkDir(workDir);
    const canary = notRun('skipped', `cannot write the canary model into its work dir ${workDir}: ${(error as Error).message}`);
    return { canary: { ...canary, compiler }, benchmark: null, benchmark_error: null };
  }
  const job: WorkerJob = {
    runtime_module: runtime.kind === 'node' ? runtime.module : 'openvino',
    device,
    compiler_type: compiler,
    benchmark,
    work_dir: workDir,
    canary: canaryFiles,
  };
  const benchmarkSeconds = benchmark ? deps.config.benchmark.timeout_seconds : 0;
  let run: WorkerRun | undefined;
  try {
    run = await launchWorker(job, {
      command: runtime.kind === 'node' ? nodeWorkerCommand(deps.workerPath) : pythonWorkerCommand(runtime.interpreter),
      totalTimeoutMs: (limits.timeout_seconds + benchmarkSeconds) * 1000,
      stageTimeoutMs: Math.max(limits.stage_timeout_seconds, benchmarkSeconds) * 1000,
      graceMs: limits.kill_grace_seconds * 1000,
      log: deps.log,
      signal: deps.signal,
      onStage: power?.onStage,
    });
  } finally {
    const notRemoved = run?.unkillable ? null : removeCanaryWorkDir(workDir);
    if (notRemoved) deps.log.warn({ dir: workDir }, `could not remove the canary work dir ${workDir} (${notRemoved}); trying again before the next canary`);
  }
  const outcome = runtime.kind === 'python' ? classifyPythonRun(run, compiler, runtime.interpreter) : classifyRun(run, compiler);
  if (power && outcome.benchmark) outcome.benchmark.power = await power.window(outcome.benchmark);
  if (skipped) outcome.benchmark_error = { stage: null, message: `skipped: ${skipped}` };
  return outcome;
}

// A runtime that cannot start: a Python runtime's interpreter missing, not executable or a broken venv's dangling
// symlink, or npu-watch's Python worker not installed. What the interpreter then says (no openvino in it, an
// import error) is the worker's to report.
function runtimeProblem(runtime: Runtime): CanaryOutcome | null {
  if (runtime.kind !== 'python') return null;
  const problem = interpreterProblem(runtime.interpreter);
  if (problem) return notRun('runtime_missing', `python runtime "${runtime.name}": ${problem}`);
  const script = pythonWorkerScript();
  if (!fs.existsSync(script)) return notRun('runtime_missing', `python runtime "${runtime.name}": npu-watch's Python worker ${script} is not installed`);
  return null;
}

// What identifies a runtime's install: its module (node) or its interpreter (python).
export function runtimeLocation(runtime: Runtime): string {
  return runtime.kind === 'node' ? runtime.module : runtime.interpreter;
}

// Devices that cannot pass without running anything: not on the bus, no node, node not accessible.
function reasonNotToRun(device: string, hardware: DeviceReport | null): CanaryOutcome | null {
  if (hardware === null) return null;
  if (device.startsWith('GPU') && hardware.gpus.length === 0) return notRun('device_missing', 'no Intel GPU on the PCI bus');
  if (!isNpu(device)) return null;
  const npu = hardware.npus[0];
  if (!npu) return notRun('device_missing', 'no Intel NPU on the PCI bus');
  if (npu.node === null) return notRun('device_missing', `the ${npu.generation} NPU has no /dev/accel node (driver: ${npu.driver ?? 'none'})`);
  if (!npu.node.accessible) {
    const group = npu.node.group ?? String(npu.node.gid);
    return notRun('permission_denied', `${npu.node.path} (mode ${npu.node.mode}, group ${group}) is not readable and writable by this user`);
  }
  return null;
}

function benchmarkJob(device: string, config: Config, runtime: Runtime): BenchmarkJob | null {
  const b = config.benchmark;
  if (b.model_path === null) return null;
  return {
    model_path: b.model_path,
    prompt_token_ids: b.prompt_token_ids,
    max_new_tokens: b.max_new_tokens,
    repetitions: b.repetitions,
    // One directory per runtime and device: OpenVINO names its blobs by model, device and runtime, so a shared
    // directory is never empty after another device's compile, and reading "non-empty" as "cached" would call a
    // cold compile cached. The worker asks the compiled model (LOADED_FROM_CACHE) first; this keeps the fallback honest.
    cache_dir: b.cache_dir === null ? null : path.join(b.cache_dir, cacheDirName(runtimeLocation(runtime)), device),
    compile_properties: isNpu(device)
      ? npuLlmProperties({ max_prompt_len: b.npu_max_prompt_len, min_response_len: b.npu_min_response_len })
      : {},
  };
}

// A directory name for a runtime module ("openvino-node", or a path): readable, and distinct per module.
export function cacheDirName(module: string): string {
  const readable = path.basename(module).replace(/[^A-Za-z0-9._-]/g, '_').slice(0, 40) || 'runtime';
  return `${readable}-${createHash('sha256').update(module).digest('hex').slice(0, 8)}`;
}
