import type { BasicLogger } from '../log.js';

// SIGTERM/SIGINT/SIGHUP as an AbortSignal, and where to log them once a logger exists.
export interface StopSignals {
  signal: AbortSignal;
  // Logs each signal through `log` from now on, and the one already received, if any.
  logTo(log: BasicLogger): void;
}

// Installs the SIGTERM, SIGINT and SIGHUP handlers. SIGHUP is a clean stop, like SIGTERM (exit 0, workers ended),
// not a reload: the unit has no ExecReload=, and a closed terminal should end a foreground `run` the same clean
// way, not with Node's default action for SIGHUP (termination, exit 129, workers left behind, signal(7)).
// The CLI installs them before it loads anything else, so a Ctrl-C in the
// first moments ends the command the same clean way as later. The handlers stay installed (`on`, not `once`):
// execa's child cleanup (signal-exit: https://github.com/tapjs/signal-exit, src/index.ts, class SignalExit,
// "If there are no other listeners, an exit is coming!") re-raises a signal that no other listener is left to handle, which would kill the process mid-shutdown whenever a probe
// command happened to be running. A repeated signal changes nothing: the shutdown already under way is bounded.
export function installStopSignals(): StopSignals {
  const stop = new AbortController();
  let log: BasicLogger | null = null;
  const received = (signal: NodeJS.Signals, again: boolean) =>
    log?.info({ signal }, again ? `received ${signal} again; already stopping` : `received ${signal}`);
  for (const signal of ['SIGTERM', 'SIGINT', 'SIGHUP'] as const) {
    process.on(signal, () => {
      const again = stop.signal.aborted;
      if (!again) stop.abort(signal);
      received(signal, again);
    });
  }
  return {
    signal: stop.signal,
    logTo(logger) {
      log = logger;
      if (stop.signal.aborted) received(stop.signal.reason as NodeJS.Signals, false);
    },
  };
}
