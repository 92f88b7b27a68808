import { collectDefaultMetrics, Counter, Gauge, Registry } from 'prom-client';
import { VERSION } from '../version.js';

// Every npu-watch metric, on a registry of its own (never prom-client's global one).
export function createMetrics() {
  const registry = new Registry();
  // prom-client's event-loop-lag timer runs every 10 ms by default, which alone kept an idle daemon at 0.8% of
  // a core (bench/idle-cost.mjs): it runs once a second instead. At that resolution its lag figures would read
  // about 1 s, which is not lag, so those series are dropped (the bench measures lag with its own probe).
  collectDefaultMetrics({ register: registry, prefix: 'npuwatch_', eventLoopMonitoringPrecision: 1000 });
  for (const metric of registry.getMetricsAsArray()) {
    if (metric.name.startsWith('npuwatch_nodejs_eventloop_lag_')) registry.removeSingleMetric(metric.name);
  }
  // prom-client names these gauges `_total`, which promtool rejects; the per-type
  // npuwatch_nodejs_active_{handles,requests,resources} gauges carry the same counts.
  for (const name of ['handles', 'requests', 'resources']) registry.removeSingleMetric(`npuwatch_nodejs_active_${name}_total`);
  const gauge = <L extends string>(name: string, help: string, labelNames: readonly L[] = []) =>
    new Gauge<L>({ name: `npuwatch_${name}`, help, labelNames, registers: [registry] });
  const counter = <L extends string>(name: string, help: string, labelNames: readonly L[]) =>
    new Counter<L>({ name: `npuwatch_${name}`, help, labelNames, registers: [registry] });

  const metrics = {
    registry,
    buildInfo: gauge('build_info', 'npu-watch version and the Node.js running it; always 1.', ['version', 'node_version']),
    probeSuccess: gauge('probe_success', 'Whether the last run of a probe succeeded (1) or failed (0).', ['probe']),
    probeDuration: gauge('probe_duration_seconds', 'How long the last run of a probe took.', ['probe']),
    probeLastRun: gauge(
      'probe_last_run_timestamp_seconds',
      'When the last run of a probe started, in seconds since the epoch.',
      ['probe'],
    ),
    devicePresent: gauge('device_present', 'Whether the device is present on this host (1) or not (0).', ['device']),
    deviceAccessible: gauge(
      'device_accessible',
      "Whether npu-watch's user can open the device node read-write (1) or not (0).",
      ['device'],
    ),
    componentInfo: gauge(
      'component_info',
      'Installed version of a part of the NPU software stack; always 1, one series per component.',
      ['component', 'version'],
    ),
    componentUpdateAvailable: gauge(
      'component_update_available',
      'Whether a newer version of the component is offered (1) or not (0): by the package manager, or for the OpenVINO of a runtime by its pip index or npm registry.',
      ['component'],
    ),
    canarySuccess: gauge('canary_success', 'Whether the last canary of the runtime on the device passed (1) or not (0).', ['runtime', 'device']),
    canaryResult: gauge('canary_result', "1 for the last canary's result, 0 for every other possible result.", ['runtime', 'device', 'result']),
    canaryStageDuration: gauge('canary_stage_duration_seconds', 'How long each stage of the last canary took.', ['runtime', 'device', 'stage']),
    canaryLastRun: gauge('canary_last_run_timestamp_seconds', 'When the last canary on the device ran, in seconds since the epoch.', ['runtime', 'device']),
    canaryLastSuccess: gauge(
      'canary_last_success_timestamp_seconds',
      'When a canary on the device last passed, in seconds since the epoch.',
      ['runtime', 'device'],
    ),
    canaryRuns: counter('canary_runs_total', 'Canary runs on the device.', ['runtime', 'device']),
    canaryFailures: counter('canary_failures_total', 'Canary runs on the device that did not pass.', ['runtime', 'device']),
    canaryCompilerWarnings: gauge(
      'canary_compiler_warnings',
      'Compiler-version mismatch warnings ("property is not supported by this compiler version") in the last canary.',
      ['runtime', 'device'],
    ),
    benchmarkTokensPerSecond: gauge(
      'benchmark_tokens_per_second',
      'LLM decode throughput, tokens per second, median of the repetitions (decode only, first token excluded).',
      ['runtime', 'device', 'model'],
    ),
    benchmarkTimeToFirstToken: gauge(
      'benchmark_time_to_first_token_seconds',
      'LLM time to first token (prompt processing), median of the repetitions.',
      ['runtime', 'device', 'model'],
    ),
    benchmarkTokenAgreement: gauge(
      'benchmark_token_agreement_ratio',
      "Fraction of the device's greedy tokens that agree with CPU's for the same prompt.",
      ['runtime', 'device', 'model'],
    ),
    benchmarkPowerWatts: gauge(
      'benchmark_power_watts',
      "Average power during the LLM decode, per RAPL domain (and battery; npu: the NPU's own, from PMT telemetry), measured by the daemon.",
      ['runtime', 'device', 'domain'],
    ),
    benchmarkJoulesPerToken: gauge(
      'benchmark_energy_joules_per_token',
      'Package energy during the LLM decode divided by the tokens decoded.',
      ['runtime', 'device', 'model'],
    ),
    benchmarkNpuJoulesPerToken: gauge(
      'benchmark_npu_energy_joules_per_token',
      "The NPU's own energy (Intel PMT telemetry) during the LLM decode divided by the tokens decoded.",
      ['runtime', 'device', 'model'],
    ),
    // Labelled, unlike DESIGN.md's sketch, so it is absent rather than a false 0 before the first NPU benchmark.
    npuBusyRatio: gauge('npu_busy_ratio', "Δnpu_busy_time_us / Δwall during the last NPU benchmark: the share of it the NPU was busy.", ['runtime', 'device']),
    energyJoules: counter('energy_joules_total', 'Energy used per RAPL domain since npu-watch started, wrap-safe.', ['domain']),
    deviceWorking: gauge('device_working', 'Debounced state of the runtime on the device: 1 working, 0 broken; absent while unknown. What alerts use.', ['runtime', 'device']),
    deviceStateChange: gauge(
      'device_state_change_timestamp_seconds',
      "When the device's debounced state last changed, in seconds since the epoch.",
      ['runtime', 'device'],
    ),
    expectedMinTokensPerSecond: gauge(
      'expected_min_tokens_per_second',
      'The configured lower bound of the decode tok/s a device should reach ([expected_tokens_per_second]).',
      ['device'],
    ),
    expectedMaxTokensPerSecond: gauge(
      'expected_max_tokens_per_second',
      'The configured upper bound of the decode tok/s a device should reach ([expected_tokens_per_second]).',
      ['device'],
    ),
    kernelEvents: counter(
      'kernel_events_total',
      "The NPU driver's kernel log events of this boot by kind (firmware loads, resets, timeouts, MMU faults, …); absent while the kernel log cannot be read.",
      ['kind'],
    ),
    kernelFirmwareLoad: gauge(
      'kernel_firmware_load_info',
      'The last NPU firmware load the kernel logged (ivpu "Firmware: <file>, version: <version>"); always 1.',
      ['file', 'version'],
    ),
    kernelLogMalformedLines: counter(
      'kernel_log_malformed_lines_total',
      'Kernel log lines the follower skipped because they could not be read (bad JSON, bad kmsg record).',
      ['source'],
    ),
    runtimeInfo: gauge(
      'runtime_info',
      'Each configured OpenVINO runtime the canary loaded, with the version it reported; fake="true" marks npu-watch\'s test runtime, whose figures are test results.',
      ['runtime', 'kind', 'openvino_version', 'fake'],
    ),
    canaryPassDuration: gauge(
      'canary_pass_duration_seconds',
      'How long the last full canary pass took: every runtime on every device, one worker after another.',
    ),
    tryOpenvinoResult: gauge(
      'try_openvino_result',
      'What `npu-watch try-openvino` last found for an OpenVINO version (kind python or node) on a device: always 1, one series per version, kind, device and result (device "" and result install_failed when it could not be installed).',
      ['version', 'kind', 'device', 'result'],
    ),
  };
  metrics.buildInfo.set({ version: VERSION, node_version: process.version }, 1);
  // Absent until the first pass has been timed (a gauge without labels starts at a false 0).
  metrics.canaryPassDuration.remove();
  return metrics;
}

export type Metrics = ReturnType<typeof createMetrics>;
