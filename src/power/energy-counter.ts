// Turns successive power samples into wrap-safe joule increments per RAPL domain, for the
// npuwatch_energy_joules_total{domain} counter.
import { energyDeltaUj } from './parse-rapl.js';
import type { PowerSample, RaplZone } from './types.js';

// Above this average a delta is not energy but a counter reset (module reload, resume quirk) that the wrap
// arithmetic would turn into ~262 kJ at once; no laptop or desktop RAPL domain draws anywhere near it.
const MAX_PLAUSIBLE_WATTS = 2000;

// Accumulates joules per domain; add() returns what each domain used since its previous reading.
export class EnergyCounter {
  private readonly zones: Map<string, RaplZone>;
  private readonly last = new Map<string, { at: number; uj: number }>();
  private readonly totals = new Map<string, number>();

  constructor(zones: RaplZone[]) {
    this.zones = new Map(zones.map((zone) => [zone.domain, zone]));
  }

  // Joules used per domain since the previous sample. A domain's first reading, or its first after a gap (read
  // denied, zone gone), only sets its starting point, so a gap never lumps unknown wraps into one increment.
  add(sample: PowerSample): Record<string, number> {
    const increments: Record<string, number> = {};
    for (const [domain, zone] of this.zones) {
      const uj = sample.energyUj[domain];
      const previous = this.last.get(domain);
      if (uj === undefined) {
        this.last.delete(domain);
        continue;
      }
      this.last.set(domain, { at: sample.at, uj });
      if (previous === undefined || sample.at <= previous.at) continue;
      const joules = energyDeltaUj(previous.uj, uj, zone.maxEnergyRangeUj) / 1e6;
      if (joules / (sample.at - previous.at) > MAX_PLAUSIBLE_WATTS) continue;
      increments[domain] = joules;
      this.totals.set(domain, (this.totals.get(domain) ?? 0) + joules);
    }
    return increments;
  }

  // Joules per domain accumulated since this counter was made.
  total(): Record<string, number> {
    return Object.fromEntries(this.totals);
  }
}
