import type { DeviceReport } from '../probes/device/types.js';
import type { Inventory } from '../probes/inventory/types.js';
import type { ProbeOutcome } from '../probes/types.js';
import type { UpdatesResult } from '../probes/updates/types.js';
import type { Metrics } from './registry.js';

// Records the shared probe_* series for one probe run (node_exporter's scrape_collector pattern).
export function recordProbeOutcome(metrics: Metrics, outcome: ProbeOutcome<unknown>): void {
  const labels = { probe: outcome.probe };
  metrics.probeSuccess.set(labels, outcome.success ? 1 : 0);
  metrics.probeDuration.set(labels, outcome.durationSeconds);
  metrics.probeLastRun.set(labels, outcome.startedAt / 1000);
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

// The configured expected decode range per device, for alert rules and the dashboard's band.
export function recordExpectedRanges(metrics: Metrics, ranges: Record<string, [number, number]>): void {
  for (const [device, [min, max]] of Object.entries(ranges)) {
    metrics.expectedMinTokensPerSecond.set({ device }, min);
    metrics.expectedMaxTokensPerSecond.set({ device }, max);
  }
}
