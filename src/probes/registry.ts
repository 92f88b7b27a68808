import { deviceProbe } from './device/device.js';
import { createEnergyProbe } from './energy/energy.js';
import { inventoryProbe } from './inventory/inventory.js';
import type { Probe, ProbeOutcome } from './types.js';
import type { RuntimeToUpdate } from './updates/types.js';
import { createUpdatesProbe } from './updates/updates.js';

// When a probe runs: with the frequent host pass ([schedule] probes) or the slow update check ([schedule] updates).
export type ProbeSchedule = 'host' | 'updates';

// One line of the list: the probe, when it runs, and whether only the metrics use its data (such a probe feeds
// a counter over time: a one-shot `check` skips it, and reports do not list it).
export interface ProbeEntry<T> {
  probe: Probe<T>;
  schedule: ProbeSchedule;
  metricsOnly?: boolean;
}

// Every probe, keyed by its name, in the order reports and metrics list them (node_exporter's registerCollector).
// Made once per watcher, since a probe may keep state between its runs (energy's counters); `runtimes` are the
// configured OpenVINO runtimes whose newer releases the updates probe looks up.
export function createProbes(runtimes: readonly RuntimeToUpdate[] = []) {
  return {
    device: { probe: deviceProbe, schedule: 'host' },
    inventory: { probe: inventoryProbe, schedule: 'host' },
    energy: { probe: createEnergyProbe(), schedule: 'host', metricsOnly: true },
    updates: { probe: createUpdatesProbe(runtimes), schedule: 'updates' },
  } satisfies Record<string, ProbeEntry<unknown>>;
}

// The list's type: each entry with its probe's own data type.
export type Probes = ReturnType<typeof createProbes>;
// A probe's name (its key in the list).
export type ProbeName = keyof Probes;
// The data a probe returns, by its name.
export type ProbeData<N extends ProbeName> = Probes[N]['probe'] extends Probe<infer T> ? T : never;
// The latest outcome of each probe, by name; null until that probe has run once.
export type ProbeOutcomes = { [N in ProbeName]: ProbeOutcome<ProbeData<N>> | null };

const LIST: Probes = createProbes();

// The probes' names in list order.
export const PROBE_NAMES = Object.keys(LIST) as ProbeName[];

// The probes a report lists (all but the metrics-only ones), in list order.
export const REPORTED_PROBES: readonly ProbeName[] = PROBE_NAMES.filter((name) => {
  const entry: ProbeEntry<unknown> = LIST[name];
  return entry.metricsOnly !== true;
});

// Every probe's outcome null: nothing has run yet.
export function emptyProbeOutcomes(): ProbeOutcomes {
  return Object.fromEntries(PROBE_NAMES.map((name) => [name, null])) as ProbeOutcomes;
}
