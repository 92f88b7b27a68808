import { collectDefaultMetrics, Gauge, Registry } from 'prom-client';
import { VERSION } from '../version.js';

// Every npu-watch metric, on a registry of its own (never prom-client's global one).
export function createMetrics() {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry, prefix: 'npuwatch_' });
  // prom-client names these gauges `_total`, which promtool rejects; the per-type
  // npuwatch_nodejs_active_{handles,requests,resources} gauges carry the same counts.
  for (const name of ['handles', 'requests', 'resources']) registry.removeSingleMetric(`npuwatch_nodejs_active_${name}_total`);
  const gauge = <L extends string>(name: string, help: string, labelNames: readonly L[]) =>
    new Gauge<L>({ name: `npuwatch_${name}`, help, labelNames, registers: [registry] });

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
      'Whether the package manager offers a newer version of the component (1) or not (0).',
      ['component'],
    ),
  };
  metrics.buildInfo.set({ version: VERSION, node_version: process.version }, 1);
  return metrics;
}

export type Metrics = ReturnType<typeof createMetrics>;
