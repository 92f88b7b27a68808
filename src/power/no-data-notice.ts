import type { BasicLogger } from '../log.js';

// Returns a callback that logs each distinct no-data reason once at warn level, so a denied RAPL read is one clear
// line in the journal rather than one per sampling interval. `source` names what has no data ("RAPL energy",
// "NPU energy (PMT)").
export function createNoDataNotice(log: BasicLogger, source = 'RAPL energy'): (reason: string) => void {
  const seen = new Set<string>();
  return (reason) => {
    if (seen.has(reason)) return;
    seen.add(reason);
    log.warn({ component: 'power' }, `power: no ${source} data: ${reason}`);
  };
}
