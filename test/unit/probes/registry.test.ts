import { describe, expect, it } from 'vitest';
import { PROBE_NAMES, REPORTED_PROBES, createProbes, emptyProbeOutcomes } from '../../../src/probes/registry.js';

describe('the probe list', () => {
  it('keys each probe by its own name, in list order', () => {
    const probes = createProbes();
    expect(Object.entries(probes).map(([key, entry]) => [key, entry.probe.name])).toEqual(PROBE_NAMES.map((name) => [name, name]));
    expect(PROBE_NAMES).toEqual(['device', 'inventory', 'energy', 'updates']);
  });

  it('runs the update check on the slow schedule and the rest on the host pass', () => {
    const probes = createProbes();
    expect(PROBE_NAMES.map((name) => [name, probes[name].schedule])).toEqual([
      ['device', 'host'],
      ['inventory', 'host'],
      ['energy', 'host'],
      ['updates', 'updates'],
    ]);
  });

  it('reports list every probe but the metrics-only energy counter', () => {
    expect(REPORTED_PROBES).toEqual(['device', 'inventory', 'updates']);
  });

  it('starts with no outcome for any probe', () => {
    expect(emptyProbeOutcomes()).toEqual({ device: null, inventory: null, energy: null, updates: null });
  });

  it('makes a new stateful probe per list, so two watchers never share energy counters', () => {
    expect(createProbes().energy.probe).not.toBe(createProbes().energy.probe);
  });
});
