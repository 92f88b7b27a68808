import type { Probe, ProbeContext, ProbeLog, ProbeOutcome } from './types.js';

export type ProbeRunner = <T>(probe: Probe<T>) => Promise<ProbeOutcome<T>>;

// The one wrapper every probe runs through: a timeout, timing, and a success flag. A probe that
// keeps failing the same way is logged once per change of error, not once per interval.
// `stop` (daemon shutdown) aborts running probes; their commands are killed through the signal.
export function createProbeRunner(base: Omit<ProbeContext, 'signal'>, timeoutMs: number, stop?: AbortSignal): ProbeRunner {
  const lastError = new Map<string, string | null>();
  return async <T>(probe: Probe<T>): Promise<ProbeOutcome<T>> => {
    const controller = new AbortController();
    const signal = stop ? AbortSignal.any([stop, controller.signal]) : controller.signal;
    const run: ProbeContext['run'] = (command, args, options) => base.run(command, args, { signal, ...options });
    const startedAt = base.clock.now();
    const started = base.clock.monotonic();
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(() => {
        controller.abort();
        reject(new Error(`timed out after ${timeoutMs / 1000} s`));
      }, timeoutMs);
    });
    let outcome: ProbeOutcome<T>;
    try {
      const data = await Promise.race([probe.run({ ...base, run, signal }), timeout]);
      outcome = { probe: probe.name, success: true, data, error: null, startedAt, durationSeconds: 0 };
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      outcome = { probe: probe.name, success: false, data: null, error: message, startedAt, durationSeconds: 0 };
    } finally {
      clearTimeout(timer);
    }
    outcome.durationSeconds = (base.clock.monotonic() - started) / 1000;
    if (stop?.aborted && !outcome.success) {
      // Ended by the shutdown (or Ctrl-C), not a failure of the host: one info line, and the last error stays.
      outcome.error = 'stopped before it finished';
      base.log.info({ probe: probe.name }, `probe ${probe.name} stopped before it finished`);
      return outcome;
    }
    logChange(base.log, lastError, outcome);
    return outcome;
  };
}

function logChange(log: ProbeLog, lastError: Map<string, string | null>, outcome: ProbeOutcome<unknown>): void {
  const previous = lastError.get(outcome.probe);
  lastError.set(outcome.probe, outcome.error);
  if (outcome.error !== null && outcome.error !== previous) {
    log.error({ probe: outcome.probe, err: outcome.error }, `probe ${outcome.probe} failed: ${outcome.error}`);
  } else if (outcome.error === null && previous) {
    log.info({ probe: outcome.probe }, `probe ${outcome.probe} recovered`);
  } else {
    log.debug({ probe: outcome.probe, seconds: outcome.durationSeconds }, `probe ${outcome.probe} done`);
  }
}
