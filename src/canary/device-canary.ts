import type { Config } from '../config.js';
import { createCanaryWorkDir, removeCanaryWorkDir } from '../host/canary-temp.js';
import type { BasicLogger } from '../log.js';
import type { DeviceReport } from '../probes/device/types.js';
import { createBenchmarkPower } from './benchmark-power.js';
import { classifyRun } from './classify-run.js';
import { launchWorker, stuckWorkerPid, type WorkerRun } from './launcher.js';
import { npuLlmProperties } from './llm/npu-llm-properties.js';
import { notRun, type CanaryOutcome, type WorkerOutcome } from './outcome.js';
import type { BenchmarkJob, NpuCompilerType, WorkerJob } from './types.js';
import { isNpu } from './device-names.js';

export interface CanaryDeps {
  config: Config;
  log: BasicLogger;
  workerPath: string;
  // Whether to run the LLM benchmark (when [benchmark] model_path is set).
  benchmark: boolean;
  signal?: AbortSignal;
}

// One device's canary: the default run (with the benchmark), and on NPU each compiler tried separately.
export interface DeviceCanary {
  device: string;
  outcome: WorkerOutcome;
  // NPU, when the runtime has NPU_COMPILER_TYPE: one canary per compiler; otherwise null.
  compilers: CanaryOutcome[] | null;
}

// Runs the canary on one device in isolated workers; never throws for anything the device does.
export async function runDeviceCanary(device: string, hardware: DeviceReport | null, deps: CanaryDeps): Promise<DeviceCanary> {
  const skip = reasonNotToRun(device, hardware);
  if (skip) return { device, outcome: { canary: skip, benchmark: null, benchmark_error: null }, compilers: null };
  const first = await runOnce(device, null, deps.benchmark ? benchmarkJob(device, deps.config) : null, hardware, deps);
  const defaultCompiler = first.canary.runtime?.properties.NPU_COMPILER_TYPE;
  if (!isNpu(device) || (defaultCompiler !== 'DRIVER' && defaultCompiler !== 'PLUGIN')) {
    return { device, outcome: first, compilers: null };
  }
  const other: NpuCompilerType = defaultCompiler === 'DRIVER' ? 'PLUGIN' : 'DRIVER';
  const second = await runOnce(device, other, null, hardware, deps);
  return { device, outcome: first, compilers: [{ ...first.canary, compiler: defaultCompiler }, second.canary] };
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
  const { canary: limits, runtime } = deps.config;
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
  const job: WorkerJob = { runtime_module: runtime.module, device, compiler_type: compiler, benchmark, work_dir: workDir };
  const benchmarkSeconds = benchmark ? deps.config.benchmark.timeout_seconds : 0;
  let run: WorkerRun | undefined;
  try {
    run = await launchWorker(job, {
      workerPath: deps.workerPath,
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
  const outcome = classifyRun(run, compiler);
  if (power && outcome.benchmark) outcome.benchmark.power = await power.window(outcome.benchmark);
  if (skipped) outcome.benchmark_error = { stage: null, message: `skipped: ${skipped}` };
  return outcome;
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

function benchmarkJob(device: string, config: Config): BenchmarkJob | null {
  const b = config.benchmark;
  if (b.model_path === null) return null;
  return {
    model_path: b.model_path,
    prompt_token_ids: b.prompt_token_ids,
    max_new_tokens: b.max_new_tokens,
    repetitions: b.repetitions,
    cache_dir: b.cache_dir,
    compile_properties: isNpu(device)
      ? npuLlmProperties({ max_prompt_len: b.npu_max_prompt_len, min_response_len: b.npu_min_response_len })
      : {},
  };
}
