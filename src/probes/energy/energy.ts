import { EnergyCounter } from '../../power/energy-counter.js';
import { createNoDataNotice } from '../../power/no-data-notice.js';
import { discoverRaplZones } from '../../power/rapl.js';
import { samplePower } from '../../power/sampler.js';
import type { Probe } from '../types.js';

// What one energy sample found: the joules each RAPL domain used since the previous sample (empty on the
// first, and for a domain after a gap), and why there is no RAPL data on this host, if there is none.
export interface EnergyReading {
  joules: Record<string, number>;
  no_data: string | null;
}

// The energy probe: samples RAPL on each host pass. The wrap-safe counter state belongs to this instance, so
// each watcher makes its own. Denied or missing RAPL is "no data" (logged once per reason), not a failure.
export function createEnergyProbe(): Probe<EnergyReading> {
  let counter: EnergyCounter | null = null;
  let notice: ((reason: string) => void) | null = null;
  return {
    name: 'energy',
    async run(ctx) {
      notice ??= createNoDataNotice(ctx.log);
      counter ??= new EnergyCounter(await discoverRaplZones(ctx.paths));
      let noData: string | null = null;
      const sample = await samplePower(ctx.paths, ctx.clock, {
        onNoData: (reason) => {
          noData = reason;
          notice?.(reason);
        },
      });
      return { joules: counter.add(sample), no_data: noData };
    },
  };
}
