import type { DeviceReport } from '../probes/device/types.js';
import { isCpu } from './device-names.js';
import { tokenAgreement } from './llm/benchmark-stats.js';
import { runDeviceCanary, type CanaryDeps, type DeviceCanary } from './device-canary.js';
import type { CanaryOutcome, CompilerRun, WorkerOutcome } from './outcome.js';
import { openvinoRelease, type RuntimeRef } from './runtime-ref.js';
import { DEFAULT_NODE_RUNTIME, type Runtime } from './runtimes.js';
import type { BenchmarkReport } from './types.js';

// A device's verdict after its canary and benchmark, with its greedy tokens compared to CPU's.
export interface DeviceVerdict {
  device: string;
  // The runtime the canary and benchmark ran on (config [[runtimes]]), with the OpenVINO version it reported.
  runtime: RuntimeRef;
  canary: CanaryOutcome;
  compilers: CompilerRun[] | null;
  benchmark: (BenchmarkReport & { token_agreement: number | null; agreement_ok: boolean | null }) | null;
  benchmark_error: WorkerOutcome['benchmark_error'];
  // Verified: the canary passed, and the LLM (when benchmarked against CPU) produced CPU's tokens.
  working: boolean;
}

// One canary pass: every runtime × device verdict, runtime by runtime in the configured order, and how long it took.
export interface CanaryPass {
  verdicts: DeviceVerdict[];
  duration_seconds: number;
}

// Runs every runtime's canary on every device one after another (never two workers at once: the NPU is one
// device, and two runtimes compiling on it at once would test neither), then judges each runtime's devices.
export async function runCanaryPass(
  runtimes: Runtime[],
  devices: string[],
  hardware: DeviceReport | null,
  deps: Omit<CanaryDeps, 'runtime'>,
): Promise<CanaryPass> {
  const started = performance.now();
  const verdicts: DeviceVerdict[] = [];
  for (const runtime of runtimes) {
    const results: DeviceCanary[] = [];
    for (const device of devices) {
      deps.log.info({ device, runtime: runtime.name }, `canary: ${device}`);
      results.push(await runDeviceCanary(device, hardware, { ...deps, runtime }));
    }
    verdicts.push(...judgeDevices(results, deps.config.benchmark.min_token_agreement, runtime));
  }
  return { verdicts, duration_seconds: (performance.now() - started) / 1000 };
}

// Silent garbage at full speed is a known NPU failure: a benchmark whose greedy tokens agree with
// CPU's less than `minAgreement` makes the device not working, however fast it was (pure). `results` are one
// runtime's: a device's tokens are compared with CPU's on the same runtime (another OpenVINO may decode differently).
export function judgeDevices(results: DeviceCanary[], minAgreement: number, runtime: Runtime = DEFAULT_NODE_RUNTIME): DeviceVerdict[] {
  // The version the runtime reported on any device (a device that crashed before discovery did not say).
  const build = results.map((r) => r.outcome.canary.runtime?.openvino_version).find((v) => v !== undefined && v !== null) ?? null;
  const ref: RuntimeRef = { name: runtime.name, kind: runtime.kind, openvino_version: build === null ? null : openvinoRelease(build) };
  const cpuTokens = results.find((r) => isCpu(r.device))?.outcome.benchmark?.tokens ?? null;
  return results.map(({ device, outcome, compilers }) => {
    const benchmark = outcome.benchmark;
    const agreement = benchmark && cpuTokens && !isCpu(device) ? tokenAgreement(cpuTokens, benchmark.tokens) : null;
    const agreementOk = agreement === null ? null : agreement >= minAgreement;
    return {
      device,
      runtime: ref,
      canary: outcome.canary,
      compilers,
      benchmark: benchmark ? { ...benchmark, token_agreement: agreement, agreement_ok: agreementOk } : null,
      benchmark_error: outcome.benchmark_error,
      working: outcome.canary.result === 'ok' && agreementOk !== false,
    };
  });
}
