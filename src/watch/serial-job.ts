import type { BasicLogger } from '../log.js';

export interface SerialJob {
  // Starts the job unless it is already running (then the call is skipped: no overlapping runs).
  trigger(): Promise<void>;
  // Resolves when the current run, if any, has ended.
  idle(): Promise<void>;
}

// Wraps work so that scheduled and manual triggers never overlap; failures are logged, never thrown.
export function createSerialJob(name: string, work: () => Promise<void>, log: BasicLogger): SerialJob {
  let running: Promise<void> | null = null;
  return {
    trigger() {
      if (running) {
        log.warn({ job: name }, `${name} is still running; this scheduled run is skipped`);
        return running;
      }
      running = work()
        .catch((error: unknown) => log.error({ job: name, err: error }, `${name} failed`))
        .finally(() => {
          running = null;
        });
      return running;
    },
    idle: () => running ?? Promise.resolve(),
  };
}
