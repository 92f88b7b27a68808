import type { LastIdStore } from '../../src/notify/last-id.js';

// A LastIdStore in memory that records every id saved (ids persisted must only grow).
export function memoryLastIdStore(initial: number | null = null): LastIdStore & { saved: number[] } {
  let value = initial;
  const saved: number[] = [];
  return {
    saved,
    load: () => value,
    save(id) {
      value = id;
      saved.push(id);
    },
  };
}
