import type { AppLogger } from '../log.js';
import { recordDevices, recordInventory, recordProbeOutcome, recordUpdates } from '../metrics/record.js';
import type { Metrics } from '../metrics/registry.js';
import { deviceProbe } from '../probes/device/device.js';
import { inventoryProbe } from '../probes/inventory/inventory.js';
import type { Inventory } from '../probes/inventory/types.js';
import type { ProbeRunner } from '../probes/run-probe.js';
import type { ProbeOutcome } from '../probes/types.js';
import { updatesProbe } from '../probes/updates/updates.js';
import { emptyProbePass, type ProbePass } from '../report/probe-pass.js';
import { describeChange, diffComponents, type ComponentChange } from './component-changes.js';

export interface HostWatcher {
  // The latest outcome of each probe.
  readonly pass: ProbePass;
  // Device and inventory probes (the frequent pass).
  runHostProbes(): Promise<void>;
  // The package-manager update check (the slow pass).
  runUpdates(): Promise<void>;
}

export interface HostWatcherDeps {
  runProbe: ProbeRunner;
  log: AppLogger;
  // Absent for one-shot `check`, which prints instead of exporting.
  metrics?: Metrics;
  // Called with the versions that changed since the previous inventory (not on the first one).
  onComponentsChanged?: (changes: ComponentChange[]) => void;
}

// Runs the host probes, keeps their latest outcomes, records metrics, and notices version changes.
export function createHostWatcher(deps: HostWatcherDeps): HostWatcher {
  const pass = emptyProbePass();
  // The last inventory that succeeded, to compare the next one with.
  let lastInventory: Inventory | null = null;
  const { metrics, log } = deps;
  const record = (outcome: ProbeOutcome<unknown>) => {
    if (metrics) recordProbeOutcome(metrics, outcome);
  };

  return {
    pass,
    async runHostProbes() {
      const [device, inventory] = await Promise.all([deps.runProbe(deviceProbe), deps.runProbe(inventoryProbe)]);
      record(device);
      record(inventory);
      pass.device = device;
      if (metrics && device.data) recordDevices(metrics, device.data);
      pass.inventory = inventory;
      if (!inventory.data) return;
      if (metrics) recordInventory(metrics, inventory.data);
      if (metrics && pass.updates?.data) recordUpdates(metrics, pass.updates.data, inventory.data);
      const previous = lastInventory;
      lastInventory = inventory.data;
      if (previous) {
        const changes = diffComponents(previous.components, inventory.data.components);
        for (const change of changes) log.notice({ event: 'component_changed', ...change }, `component changed: ${describeChange(change)}`);
        if (changes.length > 0) deps.onComponentsChanged?.(changes);
      }
    },
    async runUpdates() {
      const updates = await deps.runProbe(updatesProbe);
      record(updates);
      pass.updates = updates;
      if (metrics && updates.data) recordUpdates(metrics, updates.data, pass.inventory?.data ?? null);
      if (updates.data?.status === 'ok') {
        for (const c of updates.data.candidates) log.info({ event: 'update_available', ...c }, `update available: ${c.package} ${c.version}`);
      }
    },
  };
}
