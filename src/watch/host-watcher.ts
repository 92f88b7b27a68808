import { runCanaryPass, type DeviceVerdict } from '../canary/canary-pass.js';
import type { CanaryDeps } from '../canary/device-canary.js';
import type { AppLogger } from '../log.js';
import { recordCanaryPass } from '../metrics/record-canary.js';
import { createEnergyRecorder } from '../metrics/record-energy.js';
import { describeCanary } from '../report/render-canary.js';
import { recordDevices, recordInventory, recordProbeOutcome, recordUpdates } from '../metrics/record.js';
import type { Metrics } from '../metrics/registry.js';
import { deviceProbe } from '../probes/device/device.js';
import { inventoryProbe } from '../probes/inventory/inventory.js';
import type { Inventory } from '../probes/inventory/types.js';
import type { ProbeRunner } from '../probes/run-probe.js';
import type { ProbeOutcome } from '../probes/types.js';
import { updatesProbe } from '../probes/updates/updates.js';
import { emptyProbePass, type ProbePass } from '../report/probe-pass.js';
import { describeChange, diffComponents, type ComponentChange } from '../status/component-changes.js';

export interface HostWatcher {
  // The latest outcome of each probe.
  readonly pass: ProbePass;
  // Device and inventory probes (the frequent pass).
  runHostProbes(): Promise<void>;
  // The package-manager update check (the slow pass).
  runUpdates(): Promise<void>;
  // The canary (and benchmark) on each device, in crash-isolated workers.
  runCanaries(options: { devices: string[]; benchmark: boolean }): Promise<void>;
}

export interface HostWatcherDeps {
  runProbe: ProbeRunner;
  log: AppLogger;
  // Absent for one-shot `check`, which prints instead of exporting.
  metrics?: Metrics;
  // Called with the versions that changed since the previous inventory (not on the first one).
  onComponentsChanged?: (changes: ComponentChange[]) => void;
  // Called after each canary pass with its verdicts, when it started, and the inventory at the time.
  onCanaryPass?: (verdicts: DeviceVerdict[], startedAt: number, inventory: Inventory | null) => void;
  // What the canary workers need: the config, the worker script, and the daemon's shutdown signal.
  canary: Omit<CanaryDeps, 'benchmark' | 'log'>;
}

// Runs the host probes, keeps their latest outcomes, records metrics, and notices version changes.
export function createHostWatcher(deps: HostWatcherDeps): HostWatcher {
  const pass = emptyProbePass();
  // The last inventory that succeeded, to compare the next one with.
  let lastInventory: Inventory | null = null;
  const { metrics, log } = deps;
  const recordEnergy = metrics ? createEnergyRecorder(deps.canary.config, log, metrics) : null;
  const record = (outcome: ProbeOutcome<unknown>) => {
    if (metrics) recordProbeOutcome(metrics, outcome);
  };

  return {
    pass,
    async runHostProbes() {
      const [device, inventory] = await Promise.all([deps.runProbe(deviceProbe), deps.runProbe(inventoryProbe), recordEnergy?.()]);
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
    async runCanaries({ devices, benchmark }) {
      const startedAt = Date.now();
      const verdicts = await runCanaryPass(devices, pass.device?.data ?? null, { ...deps.canary, benchmark, log });
      pass.canaries = { startedAt, devices: verdicts };
      if (metrics) recordCanaryPass(metrics, verdicts, startedAt);
      deps.onCanaryPass?.(verdicts, startedAt, lastInventory);
      for (const v of verdicts) {
        const line = `canary ${v.device}: ${describeCanary(v.canary)}`;
        if (v.working) log.info({ device: v.device, result: v.canary.result }, line);
        else log.warn({ device: v.device, result: v.canary.result, signature: v.canary.signature, stage: v.canary.stage }, line);
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
