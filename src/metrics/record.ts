import type { DeviceReport } from '../probes/device/types.js';
import type { EnergyReading } from '../probes/energy/energy.js';
import type { Inventory } from '../probes/inventory/types.js';
import type { ProbeData, ProbeName, ProbeOutcomes } from '../probes/registry.js';
import type { ProbeOutcome } from '../probes/types.js';
import { runtimeOpenvinoComponents, type ReportedRuntime } from '../probes/updates/runtime-openvino-components.js';
import type { UpdatesResult } from '../probes/updates/types.js';
import type { Metrics } from './registry.js';

// Records the shared probe_* series for one probe run (node_exporter's scrape_collector pattern).
export function recordProbeOutcome(metrics: Metrics, outcome: ProbeOutcome<unknown>): void {
  const labels = { probe: outcome.probe };
  metrics.probeSuccess.set(labels, outcome.success ? 1 : 0);
  metrics.probeDuration.set(labels, outcome.durationSeconds);
  metrics.probeLastRun.set(labels, outcome.startedAt / 1000);
}

// How a probe's data becomes metrics, by the probe's name; a probe without its own series has no line here.
// `outcomes` are the latest of every probe (updates are recorded against the inventory, and back).
const RECORDERS: { [N in ProbeName]?: (metrics: Metrics, data: ProbeData<N>, outcomes: ProbeOutcomes) => void } = {
  device: (metrics, report) => recordDevices(metrics, report),
  inventory: (metrics, inventory, outcomes) => {
    recordInventory(metrics, inventory);
    if (outcomes.updates?.data) recordUpdates(metrics, outcomes.updates.data, inventory);
  },
  energy: (metrics, reading) => recordEnergy(metrics, reading),
  updates: (metrics, updates, outcomes) => recordUpdates(metrics, updates, outcomes.inventory?.data ?? null),
};

// Records one probe run: the shared probe_* series, then the probe's own series when it returned data.
export function recordProbe<N extends ProbeName>(metrics: Metrics, name: N, outcome: ProbeOutcome<ProbeData<N>>, outcomes: ProbeOutcomes): void {
  recordProbeOutcome(metrics, outcome);
  const record = RECORDERS[name] as ((metrics: Metrics, data: ProbeData<N>, outcomes: ProbeOutcomes) => void) | undefined;
  if (outcome.data !== null) record?.(metrics, outcome.data, outcomes);
}

// Adds what each RAPL domain used since the energy probe's previous sample to npuwatch_energy_joules_total.
export function recordEnergy(metrics: Metrics, reading: EnergyReading): void {
  for (const [domain, joules] of Object.entries(reading.joules)) metrics.energyJoules.inc({ domain }, joules);
}

// Presence of each OpenVINO device class on this host, and whether the NPU's node can be opened.
export function recordDevices(metrics: Metrics, report: DeviceReport): void {
  metrics.devicePresent.set({ device: 'NPU' }, report.npus.length > 0 ? 1 : 0);
  metrics.devicePresent.set({ device: 'GPU' }, report.gpus.length > 0 ? 1 : 0);
  metrics.devicePresent.set({ device: 'CPU' }, 1);
  metrics.deviceAccessible.reset();
  const node = report.npus[0]?.node;
  if (node) metrics.deviceAccessible.set({ device: 'NPU' }, node.accessible ? 1 : 0);
}

// One _info series per component; the old version's series disappears when a version changes.
export function recordInventory(metrics: Metrics, inventory: Inventory): void {
  metrics.componentInfo.reset();
  for (const { component, version } of inventory.components) metrics.componentInfo.set({ component, version }, 1);
}

// 1 for each installed watched package with a newer candidate, 0 for the others; nothing when unknown.
export function recordUpdates(metrics: Metrics, updates: UpdatesResult, inventory: Inventory | null): void {
  metrics.componentUpdateAvailable.reset();
  if (updates.status !== 'ok' || inventory === null) return;
  const offered = new Set(updates.candidates.map((candidate) => candidate.package));
  for (const { component, source } of inventory.components) {
    if (source !== 'rpm' && source !== 'dpkg') continue;
    metrics.componentUpdateAvailable.set({ component }, offered.has(component) ? 1 : 0);
  }
}

// 1 for each runtime's OpenVINO with a newer release on its index, 0 for the others; nothing for a runtime whose
// version (no canary yet) or index (offline) is unknown. Recorded after recordUpdates, which resets the series.
export function recordOpenvinoUpdates(metrics: Metrics, updates: UpdatesResult | null, runtimes: readonly ReportedRuntime[]): void {
  for (const { component, update, known } of runtimeOpenvinoComponents(runtimes, updates?.openvino ?? null)) {
    if (known) metrics.componentUpdateAvailable.set({ component }, update === null ? 0 : 1);
  }
}

// The configured expected decode range per device, for alert rules and the dashboard's band.
export function recordExpectedRanges(metrics: Metrics, ranges: Record<string, [number, number]>): void {
  for (const [device, [min, max]] of Object.entries(ranges)) {
    metrics.expectedMinTokensPerSecond.set({ device }, min);
    metrics.expectedMaxTokensPerSecond.set({ device }, max);
  }
}
