// How long a stop may take, tied to the shipped unit. systemd sends SIGTERM to the daemon and SIGKILL to the whole
// unit TimeoutStopSec= later (systemd.service(5), systemd.kill(5) KillMode=mixed): the daemon's own shutdown must
// end well before, or its workers are killed with it and nothing says "stopped". The limit on
// [canary] kill_grace_seconds is derived from these numbers (validated, not silently cut: a value that does not
// fit is a config error the user sees, and test/unit/lifecycle checks the numbers against the shipped unit).

// systemd/npu-watch.service TimeoutStopSec=.
export const UNIT_STOP_TIMEOUT_SECONDS = 30;
// After SIGKILL, how long the launcher waits for a worker to vanish before it calls it stuck in the kernel.
export const SIGKILL_PATIENCE_SECONDS = 5;
// What the rest of a shutdown gets: the HTTP server and notifiers closing, and the process exiting.
export const SHUTDOWN_MARGIN_SECONDS = 5;
// The largest [canary] kill_grace_seconds: grace, patience and margin fit in the unit's stop timeout.
export const MAX_KILL_GRACE_SECONDS = UNIT_STOP_TIMEOUT_SECONDS - SIGKILL_PATIENCE_SECONDS - SHUTDOWN_MARGIN_SECONDS;

// How long shutdown waits for running workers and probes with a given grace: SIGTERM, the grace, SIGKILL, the
// patience, and one second for the launcher to report.
export function workersGoneWithinSeconds(killGraceSeconds: number): number {
  return killGraceSeconds + SIGKILL_PATIENCE_SECONDS + 1;
}
