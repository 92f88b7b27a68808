import type { DeviceVerdict } from '../canary/canary-pass.js';
import { CANARY_RESULTS } from '../canary/types.js';
import type { Metrics } from './registry.js';
import { isNpu } from '../canary/device-names.js';

// Records one canary pass: results one-hot, stage durations, timestamps, counters, benchmark figures.
// Every series has the runtime's label: its values are the configured runtimes' names (config [[runtimes]], at most
// MAX_RUNTIMES), so the label is bounded.
export function recordCanaryPass(metrics: Metrics, verdicts: DeviceVerdict[], startedAt: number, durationSeconds: number): void {
  // Stage timings describe the last run only: a stage it never reached must not keep an old value.
  metrics.canaryStageDuration.reset();
  metrics.canaryPassDuration.set(durationSeconds);
  for (const { device: deviceName, runtime: ref, canary, benchmark, working } of verdicts) {
    const device = { runtime: ref.name, device: deviceName };
    metrics.canarySuccess.set(device, canary.result === 'ok' ? 1 : 0);
    for (const result of CANARY_RESULTS) metrics.canaryResult.set({ ...device, result }, canary.result === result ? 1 : 0);
    for (const [stage, seconds] of Object.entries(canary.stage_seconds)) metrics.canaryStageDuration.set({ ...device, stage }, seconds);
    metrics.canaryLastRun.set(device, startedAt / 1000);
    if (canary.result === 'ok') metrics.canaryLastSuccess.set(device, startedAt / 1000);
    metrics.canaryRuns.inc(device);
    if (!working) metrics.canaryFailures.inc(device);
    metrics.canaryCompilerWarnings.set(device, canary.compiler_warnings);
    if (benchmark) {
      const labels = { ...device, model: benchmark.model };
      metrics.benchmarkTokensPerSecond.set(labels, benchmark.tokens_per_second);
      metrics.benchmarkTimeToFirstToken.set(labels, benchmark.ttft_seconds);
      if (benchmark.token_agreement !== null) metrics.benchmarkTokenAgreement.set(labels, benchmark.token_agreement);
      const power = benchmark.power;
      if (power) {
        for (const [domain, watts] of Object.entries(power.watts)) metrics.benchmarkPowerWatts.set({ ...device, domain }, watts);
        if (power.joules_per_token !== null) metrics.benchmarkJoulesPerToken.set(labels, power.joules_per_token);
        if (power.npu_joules_per_token !== null) metrics.benchmarkNpuJoulesPerToken.set(labels, power.npu_joules_per_token);
        if (isNpu(deviceName) && power.npu_busy_ratio !== null) metrics.npuBusyRatio.set(device, power.npu_busy_ratio);
      }
    }
  }
  // One series per runtime that got as far as describing itself (a missing runtime has no version to show).
  metrics.runtimeInfo.reset();
  for (const name of new Set(verdicts.map((v) => v.runtime.name))) {
    const mine = verdicts.filter((v) => v.runtime.name === name);
    const info = mine.map((v) => v.canary.runtime).find((r) => r !== null);
    const ref = mine[0]?.runtime;
    if (!info || !ref) continue;
    metrics.runtimeInfo.set({ runtime: name, kind: ref.kind, openvino_version: ref.openvino_version ?? 'unknown', fake: String(info.fake) }, 1);
  }
}
