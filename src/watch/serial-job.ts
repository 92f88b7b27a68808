import type { BasicLogger } from '../log.js';

export interface SerialJob {
  // Starts the job unless it is already running (then the call is skipped: no overlapping runs).
  trigger(): Promise<void>;
  // Starts the job now, or once more right after the current run when one is in progress: something changed
  // that the current run may have missed. Requests made during one run coalesce into a single extra run.
  rerun(): void;
  // No more extra runs from rerun() (shutdown); a run in progress goes on.
  stop(): void;
  // Resolves when the current run, and the extra run queued after it, if any, have ended.
  idle(): Promise<void>;
}

// Wraps work so that scheduled and manual triggers never overlap; failures are logged, never thrown.
export function createSerialJob(name: string, work: () => Promise<void>, log: BasicLogger): SerialJob {
  let running: Promise<void> | null = null;
  let again = false;
  let stopped = false;
  const start = (): Promise<void> => {
    running = work()
      .catch((error: unknown) => log.error({ job: name, err: error }, `${name} failed`))
      .finally(() => {
        running = null;
        if (again && !stopped) {
          again = false;
          void start();
        }
      });
    return running;
  };
  return {
    trigger() {
      if (running) {
        log.warn({ job: name }, `${name} is still running; this scheduled run is skipped`);
        return running;
      }
      return start();
    },
    rerun() {
      if (stopped) return;
      if (!running) {
        void start();
        return;
      }
      if (!again) log.info({ job: name }, `${name} is running; it runs again once this run ends`);
      again = true;
    },
    stop() {
      stopped = true;
      again = false;
    },
    async idle() {
      while (running) await running;
    },
  };
}
