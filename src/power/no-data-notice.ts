import type { BasicLogger } from '../log.js';

// Returns a callback that logs each distinct no-data reason once at warn level, so a denied RAPL read is one clear
// line in the journal rather than one per sampling interval.
export function createNoDataNotice(log: BasicLogger): (reason: string) => void {
  const seen = new Set<string>();
  return (reason) => {
    if (seen.has(reason)) return;
    seen.add(reason);
    log.warn({ component: 'power' }, `power: no RAPL energy data: ${reason}`);
  };
}
