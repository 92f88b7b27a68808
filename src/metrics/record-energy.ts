import type { Config } from '../config.js';
import { systemClock } from '../host/clock.js';
import type { BasicLogger } from '../log.js';
import { EnergyCounter } from '../power/energy-counter.js';
import { createNoDataNotice } from '../power/no-data-notice.js';
import { discoverRaplZones } from '../power/rapl.js';
import { samplePower } from '../power/sampler.js';
import type { Metrics } from './registry.js';

// Samples RAPL on each host-probe pass and adds what each domain used to npuwatch_energy_joules_total.
// Denied or missing RAPL is "no data" (logged once per reason), never a failure.
export function createEnergyRecorder(config: Config, log: BasicLogger, metrics: Metrics): () => Promise<void> {
  const onNoData = createNoDataNotice(log);
  let counter: EnergyCounter | null = null;
  return async () => {
    try {
      counter ??= new EnergyCounter(await discoverRaplZones(config.paths));
      const sample = await samplePower(config.paths, systemClock, { onNoData });
      for (const [domain, joules] of Object.entries(counter.add(sample))) metrics.energyJoules.inc({ domain }, joules);
    } catch (error) {
      log.warn({ err: error }, `energy sample failed: ${(error as Error).message}`);
    }
  };
}
