import type { DeviceVerdict } from '../canary/canary-pass.js';
import { CANARY_RESULTS } from '../canary/types.js';
import type { Metrics } from './registry.js';
import { isNpu } from '../canary/device-names.js';

// Records one canary pass: results one-hot, stage durations, timestamps, counters, benchmark figures.
export function recordCanaryPass(metrics: Metrics, verdicts: DeviceVerdict[], startedAt: number): void {
  // Stage timings describe the last run only: a stage it never reached must not keep an old value.
  metrics.canaryStageDuration.reset();
  for (const { device, canary, benchmark, working } of verdicts) {
    metrics.canarySuccess.set({ device }, canary.result === 'ok' ? 1 : 0);
    for (const result of CANARY_RESULTS) metrics.canaryResult.set({ device, result }, canary.result === result ? 1 : 0);
    for (const [stage, seconds] of Object.entries(canary.stage_seconds)) metrics.canaryStageDuration.set({ device, stage }, seconds);
    metrics.canaryLastRun.set({ device }, startedAt / 1000);
    if (canary.result === 'ok') metrics.canaryLastSuccess.set({ device }, startedAt / 1000);
    metrics.canaryRuns.inc({ device });
    if (!working) metrics.canaryFailures.inc({ device });
    metrics.canaryCompilerWarnings.set({ device }, canary.compiler_warnings);
    if (benchmark) {
      const labels = { device, model: benchmark.model };
      metrics.benchmarkTokensPerSecond.set(labels, benchmark.tokens_per_second);
      metrics.benchmarkTimeToFirstToken.set(labels, benchmark.ttft_seconds);
      if (benchmark.token_agreement !== null) metrics.benchmarkTokenAgreement.set(labels, benchmark.token_agreement);
      const power = benchmark.power;
      if (power) {
        for (const [domain, watts] of Object.entries(power.watts)) metrics.benchmarkPowerWatts.set({ device, domain }, watts);
        if (power.joules_per_token !== null) metrics.benchmarkJoulesPerToken.set(labels, power.joules_per_token);
        if (power.npu_joules_per_token !== null) metrics.benchmarkNpuJoulesPerToken.set(labels, power.npu_joules_per_token);
        if (isNpu(device) && power.npu_busy_ratio !== null) metrics.npuBusyRatio.set({ device }, power.npu_busy_ratio);
      }
    }
  }
  const runtime = verdicts.map((v) => v.canary.runtime).find((r) => r !== null);
  if (runtime) {
    metrics.runtimeInfo.reset();
    metrics.runtimeInfo.set({ openvino_version: runtime.openvino_version ?? 'unknown', fake: String(runtime.fake) }, 1);
  }
}
