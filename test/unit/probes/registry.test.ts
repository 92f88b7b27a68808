import { describe, expect, it } from 'vitest';
import { PROBE_NAMES, REPORTED_PROBES, createProbes, emptyProbeOutcomes } from '../../../src/probes/registry.js';

describe('the probe list', () => {
  it('keys each probe by its own name, in list order', () => {
    const probes = createProbes();
    expect(Object.entries(probes).map(([key, entry]) => [key, entry.probe.name])).toEqual(PROBE_NAMES.map((name) => [name, name]));
  });

  it('runs the update check on the slow schedule, device, inventory and energy on the host pass', () => {
    const probes = createProbes();
    expect([probes.device.schedule, probes.inventory.schedule, probes.energy.schedule, probes.updates.schedule]).toEqual(['host', 'host', 'host', 'updates']);
  });

  it('reports list every probe but the metrics-only energy counter, in list order', () => {
    expect(createProbes().energy.metricsOnly).toBe(true);
    expect(REPORTED_PROBES).toEqual(PROBE_NAMES.filter((name) => name !== 'energy'));
    expect(REPORTED_PROBES.slice(0, 2)).toEqual(['device', 'inventory']);
  });

  it('starts with no outcome for any probe', () => {
    const outcomes = emptyProbeOutcomes();
    expect(Object.keys(outcomes)).toEqual(PROBE_NAMES);
    expect(Object.values(outcomes).every((outcome) => outcome === null)).toBe(true);
  });

  it('makes a new stateful probe per list, so two watchers never share energy counters', () => {
    expect(createProbes().energy.probe).not.toBe(createProbes().energy.probe);
  });
});
