import { packageWattsOf } from '../power/power-window.js';
import type { DeviceVerdict } from '../canary/canary-pass.js';
import type { Config } from '../config.js';
import { systemClock, type Clock } from '../host/clock.js';
import type { AppLogger } from '../log.js';
import type { Metrics } from '../metrics/registry.js';
import type { Inventory } from '../probes/inventory/types.js';
import { createStatusTracker, type StatusTracker } from '../status/status-tracker.js';
import { parseStatusKey, type CanaryObservation, type DeviceStatus } from '../status/types.js';
import { runtimeComponent } from '../status/component-changes.js';
import type { ComponentChange } from '../status/component-changes.js';
import type { KernelEvent } from '../probes/kernel/kernel-event.js';
import { kernelStatusEvent } from '../status/status-events.js';

// What the status machine is fed from one canary pass (pure).
export function observationsFrom(verdicts: DeviceVerdict[], at: number, inventory: Inventory | null): CanaryObservation[] {
  const components = Object.fromEntries((inventory?.components ?? []).map((c) => [c.component, c.version]));
  return verdicts.map((v) => ({
    device: v.device,
    runtime: v.runtime,
    at,
    working: v.working,
    result: v.canary.result,
    signature: v.canary.signature,
    tokens_per_second: v.benchmark?.tokens_per_second ?? null,
    watts: packageWatts(v),
    // The runtime's own OpenVINO is a component of this observation: "started working" names its upgrade.
    components: v.runtime.openvino_version === null ? components : { ...components, [runtimeComponent(v.runtime.name)]: v.runtime.openvino_version },
  }));
}

// The package power of a benchmark (package-0, else the first other domain: another package, the battery), when
// measured; never the NPU's own PMT watts, which are only a part of it.
function packageWatts(v: DeviceVerdict): number | null {
  const watts = v.benchmark?.power?.watts;
  if (!watts) return null;
  return packageWattsOf(watts);
}

// The status machine as the daemon drives it: fed each canary pass and each change of component versions.
export interface StatusReporting {
  tracker: StatusTracker;
  onCanaryPass(verdicts: DeviceVerdict[], at: number, inventory: Inventory | null): void;
  onComponentsChanged(changes: ComponentChange[]): void;
  // A burst of kernel lines that reset the NPU or failed its firmware, told by its first line.
  onKernelEvent(first: KernelEvent, at: number, count: number): void;
}

// The daemon's status machine: persisted in the state dir, every event a notice-level journal line,
// and the debounced state exported as npuwatch_device_working.
// `runtimes`: the configured runtimes' names. The store keeps every runtime's history (a runtime taken out of the
// config, or the openvino-node state a version 1 file migrated to), but only these are exported, so the metric's
// runtime label stays bounded by the config.
export function createStatusReporting(config: Config, log: AppLogger, metrics: Metrics, runtimes: readonly string[], clock: Clock = systemClock): StatusReporting {
  const tracker = createStatusTracker({
    dir: config.state.dir,
    policy: {
      passes_to_working: config.status.passes_to_working,
      failures_to_broken: config.status.failures_to_broken,
      expected_tokens_per_second: config.expected_tokens_per_second,
    },
    capacity: config.status.history,
    log,
    clock,
  });
  tracker.events.subscribe((event) =>
    log.notice({ event: 'status', event_id: event.id, kind: event.kind, device: event.device }, event.summary),
  );
  const exportStates = () => recordDeviceStates(metrics, tracker.devices(), runtimes);
  exportStates();
  return {
    tracker,
    onCanaryPass(verdicts, at, inventory) {
      tracker.observe(observationsFrom(verdicts, at, inventory));
      exportStates();
    },
    onComponentsChanged(changes) {
      tracker.componentsChanged(changes);
    },
    onKernelEvent(first, at, count) {
      tracker.kernelEvent(kernelStatusEvent(first, at, count));
    },
  };
}

function recordDeviceStates(metrics: Metrics, devices: Record<string, DeviceStatus>, runtimes: readonly string[]): void {
  metrics.deviceWorking.reset();
  metrics.deviceStateChange.reset();
  for (const [key, status] of Object.entries(devices)) {
    if (status.state === 'unknown') continue;
    const labels = parseStatusKey(key);
    if (!runtimes.includes(labels.runtime)) continue;
    metrics.deviceWorking.set(labels, status.state === 'working' ? 1 : 0);
    if (status.since !== null) metrics.deviceStateChange.set(labels, status.since / 1000);
  }
}
