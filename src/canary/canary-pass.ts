import type { DeviceReport } from '../probes/device/types.js';
import { isCpu } from './device-names.js';
import { tokenAgreement } from './llm/benchmark-stats.js';
import { runDeviceCanary, type CanaryDeps, type DeviceCanary } from './device-canary.js';
import type { CanaryOutcome, CompilerRun, WorkerOutcome } from './outcome.js';
import type { BenchmarkReport } from './types.js';

// A device's verdict after its canary and benchmark, with its greedy tokens compared to CPU's.
export interface DeviceVerdict {
  device: string;
  canary: CanaryOutcome;
  compilers: CompilerRun[] | null;
  benchmark: (BenchmarkReport & { token_agreement: number | null; agreement_ok: boolean | null }) | null;
  benchmark_error: WorkerOutcome['benchmark_error'];
  // Verified: the canary passed, and the LLM (when benchmarked against CPU) produced CPU's tokens.
  working: boolean;
}

// Runs every device's canary one after another (never two workers at once), then judges them.
export async function runCanaryPass(devices: string[], hardware: DeviceReport | null, deps: CanaryDeps): Promise<DeviceVerdict[]> {
  const results: DeviceCanary[] = [];
  for (const device of devices) {
    deps.log.info({ device }, `canary: ${device}`);
    results.push(await runDeviceCanary(device, hardware, deps));
  }
  return judgeDevices(results, deps.config.benchmark.min_token_agreement);
}

// Silent garbage at full speed is a known NPU failure: a benchmark whose greedy tokens agree with
// CPU's less than `minAgreement` makes the device not working, however fast it was (pure).
export function judgeDevices(results: DeviceCanary[], minAgreement: number): DeviceVerdict[] {
  const cpuTokens = results.find((r) => isCpu(r.device))?.outcome.benchmark?.tokens ?? null;
  return results.map(({ device, outcome, compilers }) => {
    const benchmark = outcome.benchmark;
    const agreement = benchmark && cpuTokens && !isCpu(device) ? tokenAgreement(cpuTokens, benchmark.tokens) : null;
    const agreementOk = agreement === null ? null : agreement >= minAgreement;
    return {
      device,
      canary: outcome.canary,
      compilers,
      benchmark: benchmark ? { ...benchmark, token_agreement: agreement, agreement_ok: agreementOk } : null,
      benchmark_error: outcome.benchmark_error,
      working: outcome.canary.result === 'ok' && agreementOk !== false,
    };
  });
}
