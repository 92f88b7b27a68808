// Builders for realistic canary passes. Each device's run is described as the worker would report it (its JSON
// lines, exit, stderr) and goes through the real classifyRun and judgeDevices, so signatures, warning counts
// and token agreement are computed exactly as the daemon computes them, never typed in by hand.
import { judgeDevices, type DeviceVerdict } from '../../../src/canary/canary-pass.js';
import { classifyRun } from '../../../src/canary/classify-run.js';
import { compilerRun, type DeviceCanary } from '../../../src/canary/device-canary.js';
import { countCompilerWarnings } from '../../../src/canary/failure-signature.js';
import type { WorkerRun } from '../../../src/canary/launcher.js';
import { notRun, type CanaryOutcome } from '../../../src/canary/outcome.js';
import { NPU_COMPILERS, type BenchmarkReport, type CanaryStage, type NpuCompilerType, type RuntimeInfo, type WorkerBenchmark, type WorkerMessage, type WorkerVerdict } from '../../../src/canary/types.js';
import type { DiagnoseFacts } from '../../../src/diagnosis/types.js';
import type { DeviceReport } from '../../../src/probes/device/types.js';
import type { KernelLogLine } from '../../../src/probes/kernel/kernel-event.js';
import { parseKernelEvent } from '../../../src/probes/kernel/parse-kernel-event.js';
import type { Component, Inventory } from '../../../src/probes/inventory/types.js';
import { SEED_ASSERTION_LINES, SEED_EXCEPTION_LINES, SEED_WARNING_LINES } from '../../fixtures/fake-openvino/messages.mjs';
import { lunarLakeNpu } from '../../helpers/npu-device.js';

export { lunarLakeNpu } from '../../helpers/npu-device.js';

// The seed's "Warnings During Compilation" and "Crash Log", verbatim (the fake runtime prints the same lines).
export const SEED_WARNINGS = [...SEED_WARNING_LINES];
export const SEED_CRASH = [...SEED_EXCEPTION_LINES, ...SEED_ASSERTION_LINES];

// What failureSignature makes of the seed's crash.
export const SEED_SIGNATURE = 'ZE_RESULT_ERROR_UNKNOWN 0x7ffffffe ze_graph_ext_wrappers.cpp:362 assert(__p != nullptr)';

// The seed's component table, as the inventory reports it on that machine (sorted by name).
export const SEED_COMPONENTS: Component[] = [
  { component: 'intel-level-zero', version: '25.31.34666.3-1.fc43', source: 'rpm', detail: 'intel-level-zero-25.31.34666.3-1.fc43.x86_64' },
  { component: 'intel-npu-driver', version: '1.16.0-1.fc44', source: 'rpm', detail: 'intel-npu-driver-1.16.0-1.fc44.x86_64' },
  { component: 'kernel', version: '6.17.6-300.fc43.x86_64', source: 'procfs' },
  { component: 'npu-firmware', version: '20250708*LNL', source: 'kernel-log', detail: 'intel/vpu/vpu_40xx_v1.bin' },
  { component: 'oneapi-level-zero', version: '1.24.3-1.fc43', source: 'rpm', detail: 'oneapi-level-zero-1.24.3-1.fc43.x86_64' },
  { component: 'openvino-python', version: '2025.1.0', source: 'python' },
  { component: 'os', version: 'fedora 43', source: 'os-release', detail: 'Fedora Linux 43 (Workstation Edition)' },
];

// The same stack installed from Intel's .debs on Ubuntu 24.04.
export const UBUNTU_COMPONENTS: Component[] = [
  { component: 'intel-driver-compiler-npu', version: '1.16.0.20250328-14132024782', source: 'dpkg' },
  { component: 'intel-level-zero-npu', version: '1.16.0.20250328-14132024782', source: 'dpkg' },
  { component: 'libze1', version: '1.20.2', source: 'dpkg' },
  { component: 'openvino-node', version: '2025.1.0', source: 'npm' },
];

const DEVICE_NAMES: Record<string, string> = {
  NPU: 'Intel(R) AI Boost',
  GPU: 'Intel(R) Arc(TM) 140V GPU (16GB) (iGPU)',
  CPU: 'Intel(R) Core(TM) Ultra 7 258V',
};

// What discover() reports on the seed's machine for one device.
export function runtimeInfo(device: string, overrides: Partial<RuntimeInfo> = {}): RuntimeInfo {
  const properties: Record<string, string> = { FULL_DEVICE_NAME: DEVICE_NAMES[device] ?? device };
  if (device === 'NPU') Object.assign(properties, { DEVICE_ARCHITECTURE: '4000', NPU_COMPILER_TYPE: 'DRIVER' });
  return {
    module: 'openvino-node',
    fake: false,
    openvino_version: '2025.1.0-000--',
    available_devices: ['CPU', 'GPU', 'NPU'],
    device_versions: { [device]: '2025.1.0-000--' },
    properties,
    ...overrides,
  };
}

const CANARY: readonly CanaryStage[] = ['load_runtime', 'discover', 'compile', 'infer', 'verify'];

// The messages of a worker that got through `through` (inclusive) and then started `dies` (if given).
function stagesUpTo(through: CanaryStage | null, runtime: RuntimeInfo, dies: CanaryStage | null): WorkerMessage[] {
  const messages: WorkerMessage[] = [];
  for (const stage of CANARY) {
    if (through === null) break;
    messages.push({ type: 'stage_start', stage }, { type: 'stage_end', stage, seconds: stage === 'compile' ? 1.4 : 0.05 });
    if (stage === 'discover') messages.push({ type: 'runtime', runtime });
    if (stage === through) break;
  }
  if (dies) messages.push({ type: 'stage_start', stage: dies });
  return messages;
}

function run(parts: Partial<WorkerRun> & { messages: WorkerMessage[] }): WorkerRun {
  const stderrTail = parts.stderrTail ?? '';
  return {
    invalidLines: [],
    exitCode: 0,
    signal: null,
    ended: null,
    lingered: false,
    unkillable: false,
    startError: null,
    stdoutTail: '',
    stderrTail,
    compilerWarnings: countCompilerWarnings(stderrTail),
    durationSeconds: 1.6,
    ...parts,
  };
}

function verdictMessage(runtime: RuntimeInfo | null, result: WorkerVerdict['result'], stage: WorkerVerdict['stage'], message: string | null, extra: Partial<WorkerVerdict> = {}): WorkerMessage {
  return { type: 'verdict', verdict: { runtime, result, stage, message, max_abs_error: null, tolerance: null, ...extra } };
}

// A worker whose canary passes (and, given a benchmark, whose LLM decode finished).
export function passes(device: string, options: { benchmark?: BenchmarkReport; runtime?: RuntimeInfo } = {}): WorkerRun {
  const runtime = options.runtime ?? runtimeInfo(device);
  const messages = stagesUpTo('verify', runtime, null);
  messages.push(verdictMessage(runtime, 'ok', null, null, { max_abs_error: device === 'CPU' ? 0 : 0.00048, tolerance: 0.03 }));
  if (options.benchmark) {
    for (const stage of ['benchmark_load', 'benchmark_compile', 'benchmark_warmup', 'benchmark_decode'] as const) {
      messages.push({ type: 'stage_start', stage }, { type: 'stage_end', stage, seconds: 1 });
    }
    messages.push({ type: 'benchmark', benchmark: measuredFor(options.benchmark) });
  }
  return run({ messages, durationSeconds: 2.1 });
}

// What a worker sends for a report (classifyRun computes the figures from the runs): one repetition at the median
// rate and one either side of it by the stddev, all with the report's TTFT and tokens, so the report comes back.
function measuredFor(report: BenchmarkReport): WorkerBenchmark {
  const rates = [report.tokens_per_second - report.tokens_per_second_stddev, report.tokens_per_second, report.tokens_per_second + report.tokens_per_second_stddev];
  const decoded = report.tokens.length - 1;
  const { model, prompt_tokens, load_seconds, compile_seconds, compile_cache, npu_compiler_used } = report;
  return {
    model,
    prompt_tokens,
    load_seconds,
    compile_seconds,
    compile_cache,
    npu_compiler_used,
    runs: rates.map((rate) => ({ tokens: report.tokens, ttft_seconds: report.ttft_seconds, decode_seconds: decoded / rate })),
  };
}

// A worker killed by a signal in the middle of a stage, its last words on stderr (the seed: SIGABRT in compile).
export function dies(device: string, options: { stage?: CanaryStage; signal?: string; stderr: string[]; runtime?: RuntimeInfo }): WorkerRun {
  const stage = options.stage ?? 'compile';
  const before = CANARY[CANARY.indexOf(stage) - 1] ?? null;
  return run({
    messages: stagesUpTo(before, options.runtime ?? runtimeInfo(device), stage),
    exitCode: null,
    signal: options.signal ?? 'SIGABRT',
    stderrTail: `${options.stderr.join('\n')}\n`,
  });
}

// A worker whose compile (or inference) threw: the worker's own verdict, with the exception's message.
export function rejects(device: string, message: string, options: { stage?: 'compile' | 'infer'; stderr?: string[]; runtime?: RuntimeInfo } = {}): WorkerRun {
  const stage = options.stage ?? 'compile';
  const runtime = options.runtime ?? runtimeInfo(device);
  const messages = stagesUpTo(stage === 'compile' ? 'discover' : 'compile', runtime, null);
  messages.push({ type: 'stage_start', stage }, verdictMessage(runtime, stage === 'compile' ? 'compile_error' : 'infer_error', stage, message));
  return run({ messages, stderrTail: options.stderr ? `${options.stderr.join('\n')}\n` : '' });
}

// A worker whose output was compared and found wrong.
export function computesWrongly(device: string): WorkerRun {
  const runtime = runtimeInfo(device);
  const messages = stagesUpTo('verify', runtime, null);
  const reason = 'output[3] is 1.2510 but the reference is 0.7510 (|error| 0.5000 > tolerance 0.0300)';
  messages.push(verdictMessage(runtime, 'wrong_output', 'verify', reason, { max_abs_error: 0.5, tolerance: 0.03 }));
  return run({ messages });
}

// A worker that hung in a stage, was killed at the stage limit (or could not be killed at all).
export function hangs(device: string, stage: CanaryStage = 'compile', options: { unkillable?: boolean } = {}): WorkerRun {
  const before = CANARY[CANARY.indexOf(stage) - 1] ?? null;
  return run({
    messages: stagesUpTo(before, runtimeInfo(device), stage),
    exitCode: null,
    signal: 'SIGKILL',
    ended: { reason: 'stage_timeout', stage },
    unkillable: options.unkillable ?? false,
    durationSeconds: 120.3,
  });
}

// A worker that loaded OpenVINO but does not find the device in its list.
export function notListed(device: string, available: string[]): WorkerRun {
  const runtime = runtimeInfo(device, { available_devices: available, properties: {} });
  const messages = stagesUpTo('discover', runtime, null);
  messages.push(verdictMessage(runtime, 'device_missing', 'discover', `OpenVINO does not list ${device} (it lists: ${available.join(', ')})`));
  return run({ messages });
}

// A worker that could not import the runtime module.
export function runtimeMissing(message = 'cannot load the OpenVINO runtime: openvino-node is not installed'): WorkerRun {
  const messages: WorkerMessage[] = [
    { type: 'stage_start', stage: 'load_runtime' },
    { type: 'stage_end', stage: 'load_runtime', seconds: 0.02 },
    verdictMessage(null, 'runtime_missing', 'load_runtime', message),
  ];
  return run({ messages, durationSeconds: 0.1 });
}

// One device's canary: its default run, and (NPU) the run with the other compiler, as runDeviceCanary makes them.
export function device(name: string, first: WorkerRun, other?: { compiler: NpuCompilerType; run: WorkerRun }): DeviceCanary {
  const outcome = classifyRun(first, null);
  if (!other) return { device: name, outcome, compilers: null };
  const defaultCompiler: NpuCompilerType = other.compiler === 'DRIVER' ? 'PLUGIN' : 'DRIVER';
  return { device: name, outcome, compilers: [{ ...outcome.canary, compiler: defaultCompiler }, classifyRun(other.run, other.compiler).canary] };
}

// The NPU as runDeviceCanary runs it: the default configuration, then each compiler forced, each in its own worker.
export function npuWithCompilers(first: WorkerRun, runs: Record<NpuCompilerType, WorkerRun>): DeviceCanary {
  const compilers = NPU_COMPILERS.map((compiler) => compilerRun(classifyRun(runs[compiler], compiler).canary));
  return { device: 'NPU', outcome: classifyRun(first, null), compilers };
}

// A device the launcher did not start a worker for (not on the bus, node not accessible).
export function notStarted(name: string, result: CanaryOutcome['result'], message: string): DeviceCanary {
  return { device: name, outcome: { canary: notRun(result, message), benchmark: null, benchmark_error: null }, compilers: null };
}

// The pass's verdicts, judged as the daemon judges them (default min_token_agreement 0.9).
export function judged(...devices: DeviceCanary[]): DeviceVerdict[] {
  return judgeDevices(devices, 0.9);
}

// Greedy decode of Qwen2.5-Coder-3B int4: the tokens, with the rate and timings of one device.
export function benchmark(tokensPerSecond: number, tokens: number[] = CPU_TOKENS): BenchmarkReport {
  return {
    model: 'qwen2.5-coder-3b-int4-ov',
    prompt_tokens: 17,
    generated_tokens: tokens.length,
    repetitions: 3,
    tokens_per_second: tokensPerSecond,
    tokens_per_second_stddev: 0.4,
    ttft_seconds: 0.41,
    tpot_seconds: 1 / tokensPerSecond,
    load_seconds: 0.8,
    compile_seconds: 6.2,
    compile_cache: 'cold',
    tokens,
  };
}

// Qwen2.5's greedy tokens for the prompt, as CPU (and a healthy NPU) produce them.
export const CPU_TOKENS = [785, 3974, 315, 279, 1156, 374, 220, 17, 13, 576, 4226, 311, 279, 1156, 3405, 13];
// What an NPU producing silent garbage decodes instead.
export const GARBAGE_TOKENS = [0, 0, 151643, 0, 0, 151643, 0, 0, 151643, 0, 0, 151643, 0, 0, 151643, 0];


// The seed's hardware: the NPU and the Arc 140V iGPU.
export const SEED_HARDWARE: DeviceReport = { npus: [lunarLakeNpu()], gpus: [{ pciAddress: '0000:00:02.0', deviceId: '0x64a0', driver: 'xe' }] };
// The seed's inventory (rpm-based).
export const SEED_INVENTORY: Inventory = { components: SEED_COMPONENTS, packageManager: 'rpm' };

// The seed's canary pass: NPU (driver compiler) and GPU abort with the seed's crash, the plugin compiler's
// library is not installed, CPU works.
export function seedPass(): DeviceVerdict[] {
  return judged(
    device('NPU', dies('NPU', { stderr: [...SEED_WARNINGS, ...SEED_CRASH] }), { compiler: 'PLUGIN', run: rejects('NPU', PLUGIN_COMPILER_MISSING) }),
    device('GPU', dies('GPU', { stderr: SEED_CRASH })),
    device('CPU', passes('CPU')),
  );
}

// Fedora's openvino with NPU_COMPILER_TYPE=PLUGIN: the plugin's compiler library is not installed.
export const PLUGIN_COMPILER_MISSING = [
  'Exception from src/inference/src/cpp/core.cpp:112:',
  'Exception from src/inference/src/dev/plugin.cpp:53:',
  'Exception from src/plugins/intel_npu/src/compiler_adapter/src/plugin_compiler_adapter.cpp:79:',
  'VCL compiler loading failed, aborting. Error: NPU compiler library (libopenvino_intel_npu_compiler.so) not found',
].join('\n');

// What the diagnosis sees on the seed's machine after `verdicts` (expected NPU speed: the seed's 3B int4 row),
// with any part replaced.
export function seedFacts(verdicts: DeviceVerdict[] | null, extra: Partial<DiagnoseFacts> = {}): DiagnoseFacts {
  return { device: SEED_HARDWARE, inventory: SEED_INVENTORY, verdicts, expected_tokens_per_second: { NPU: [20, 40] }, ...extra };
}

// When the kernel lines of kernelLogOf are logged: from 10:02:00 local time on a fixed day, one a second.
export const KERNEL_LOG_START = new Date(2026, 10, 27, 10, 2, 0).getTime();

// Kernel log text lines (a fixture's) as the diagnosis meets them: each with its time (one a second from `start`)
// and the event the kernel event parser reads in it.
export function kernelLogOf(lines: string[], start = KERNEL_LOG_START): KernelLogLine[] {
  return lines.map((line, index) => ({ at: start + index * 1000, line, event: parseKernelEvent(line) }));
}

// The seed's inventory with other components (the package manager follows their source).
export function inventoryOf(components: Component[]): Inventory {
  const source = components.find((c) => c.source === 'rpm' || c.source === 'dpkg')?.source;
  return { components, packageManager: source === 'rpm' || source === 'dpkg' ? source : null };
}
