import { runCanaryPass, type DeviceVerdict } from '../canary/canary-pass.js';
import type { CanaryDeps } from '../canary/device-canary.js';
import type { Runtime } from '../canary/runtimes.js';
import type { Clock } from '../host/clock.js';
import type { AppLogger } from '../log.js';
import { recordCanaryPass } from '../metrics/record-canary.js';
import { recordOpenvinoUpdates, recordProbe } from '../metrics/record.js';
import type { Metrics } from '../metrics/registry.js';
import type { Inventory } from '../probes/inventory/types.js';
import { runtimeOpenvinoComponents } from '../probes/updates/runtime-openvino-components.js';
import { createProbes, type ProbeEntry, type ProbeName, type ProbeOutcomes, type ProbeSchedule } from '../probes/registry.js';
import type { ProbeRunner } from '../probes/run-probe.js';
import type { ProbeOutcome } from '../probes/types.js';
import { describeCanary } from '../report/render-canary.js';
import { emptyProbePass, type ProbePass } from '../report/probe-pass.js';
import { describeChange, diffComponents, runtimeVersionChanges, type ComponentChange } from '../status/component-changes.js';

export interface HostWatcher {
  // The latest outcome of each probe.
  readonly pass: ProbePass;
  // The probes of the frequent host pass (device, inventory, energy).
  runHostProbes(): Promise<void>;
  // The probes of the slow pass (the package-manager update check).
  runUpdates(): Promise<void>;
  // The canary (and benchmark) on each device, in crash-isolated workers.
  runCanaries(options: { devices: string[]; benchmark: boolean }): Promise<void>;
}

export interface HostWatcherDeps {
  runProbe: ProbeRunner;
  log: AppLogger;
  // When a canary pass starts.
  clock: Clock;
  // Absent for one-shot `check`, which prints instead of exporting (and skips the metrics-only probes).
  metrics?: Metrics;
  // Called with the versions that changed since the previous inventory (not on the first one).
  onComponentsChanged?: (changes: ComponentChange[]) => void;
  // Called after each canary pass with its verdicts, when it started, and the inventory at the time.
  onCanaryPass?: (verdicts: DeviceVerdict[], startedAt: number, inventory: Inventory | null) => void;
  // What the canary workers need: the config, the worker script, the daemon's shutdown signal, and the runtimes
  // to test (resolved at startup: canary/runtimes.ts resolveRuntimes).
  canary: Omit<CanaryDeps, 'benchmark' | 'log' | 'runtime'> & { runtimes: Runtime[] };
}

// Runs the probes on their schedules, keeps their latest outcomes, records metrics, and notices version changes.
export function createHostWatcher(deps: HostWatcherDeps): HostWatcher {
  const pass = emptyProbePass();
  const probes = createProbes(deps.canary.runtimes);
  // The last inventory that succeeded, to compare the next one with.
  let lastInventory: Inventory | null = null;
  // Each runtime's OpenVINO version in the last pass that reported one.
  const runtimeVersions = new Map<string, string>();
  const { metrics, log } = deps;

  // Runs every probe of one schedule at once, then keeps and records their outcomes in list order.
  const runSchedule = async (schedule: ProbeSchedule) => {
    const entries = (Object.entries(probes) as [ProbeName, ProbeEntry<unknown>][]).filter(
      ([, entry]) => entry.schedule === schedule && (metrics !== undefined || entry.metricsOnly !== true),
    );
    const outcomes = await Promise.all(entries.map(([, entry]) => deps.runProbe(entry.probe)));
    entries.forEach(([name], index) => {
      (pass.probes as Record<ProbeName, ProbeOutcome<unknown> | null>)[name] = outcomes[index]!;
    });
    if (metrics) for (const [name] of entries) recordProbe(metrics, name, pass.probes[name]!, pass.probes);
    recordRuntimeUpdates();
  };

  // The runtimes as their last canaries reported them, each once.
  const reportedRuntimes = () => [...new Map((pass.canaries?.devices ?? []).map((v) => [v.runtime.name, v.runtime])).values()];

  // The runtimes' OpenVINO updates depend on the update check and on the versions the canaries reported: recorded
  // after either (and after the inventory, whose recording resets the update series).
  const recordRuntimeUpdates = () => {
    if (metrics) recordOpenvinoUpdates(metrics, pass.probes.updates?.data ?? null, reportedRuntimes());
  };

  return {
    pass,
    async runHostProbes() {
      await runSchedule('host');
      noticeComponentChanges(pass.probes);
    },
    async runCanaries({ devices, benchmark }) {
      const startedAt = deps.clock.now();
      const { runtimes, ...canary } = deps.canary;
      const { verdicts, duration_seconds } = await runCanaryPass(runtimes, devices, pass.probes.device?.data ?? null, { ...canary, benchmark, log });
      pass.canaries = { startedAt, duration_seconds, devices: verdicts };
      if (metrics) recordCanaryPass(metrics, verdicts, startedAt, duration_seconds);
      recordRuntimeUpdates();
      deps.onCanaryPass?.(verdicts, startedAt, lastInventory);
      noticeRuntimeVersions(verdicts);
      for (const v of verdicts) {
        const line = `canary ${v.device}: ${describeCanary(v.canary)} (runtime ${v.runtime.name})`;
        if (v.working) log.info({ device: v.device, runtime: v.runtime.name, result: v.canary.result }, line);
        else log.warn({ device: v.device, runtime: v.runtime.name, result: v.canary.result, signature: v.canary.signature, stage: v.canary.stage }, line);
      }
    },
    async runUpdates() {
      await runSchedule('updates');
      const updates = pass.probes.updates?.data;
      if (updates?.status === 'ok') {
        for (const c of updates.candidates) log.info({ event: 'update_available', ...c }, `update available: ${c.package} ${c.version}`);
      }
      for (const c of runtimeOpenvinoComponents(reportedRuntimes(), updates?.openvino ?? null)) {
        if (c.update !== null) log.info({ event: 'update_available', package: c.component, version: c.update, repository: null }, `update available: ${c.component} ${c.update}`);
      }
    },
  };

  // A runtime whose OpenVINO version changed since the last pass (an upgrade in a venv or a side-by-side install,
  // which no package database shows) is a component change, told like the inventory's: onComponentsChanged runs
  // the canary again.
  function noticeRuntimeVersions(verdicts: DeviceVerdict[]): void {
    const now = new Map(verdicts.map((v) => [v.runtime.name, v.runtime.openvino_version]));
    const changes = runtimeVersionChanges(runtimeVersions, now);
    for (const [name, version] of now) if (version !== null) runtimeVersions.set(name, version);
    for (const change of changes) log.notice({ event: 'component_changed', ...change }, `component changed: ${describeChange(change)}`);
    if (changes.length > 0) deps.onComponentsChanged?.(changes);
  }

  // Logs each version that changed since the last inventory and tells onComponentsChanged (not on the first one).
  function noticeComponentChanges(outcomes: ProbeOutcomes): void {
    const inventory = outcomes.inventory?.data;
    if (!inventory) return;
    const previous = lastInventory;
    lastInventory = inventory;
    if (!previous) return;
    const changes = diffComponents(previous.components, inventory.components);
    for (const change of changes) log.notice({ event: 'component_changed', ...change }, `component changed: ${describeChange(change)}`);
    if (changes.length > 0) deps.onComponentsChanged?.(changes);
  }
}
