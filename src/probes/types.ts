import type { Clock } from '../host/clock.js';
import type { HostPaths } from '../host/paths.js';
import type { BasicLogger } from '../log.js';
import type { CommandRunner } from '../host/runner.js';

// The logging a probe may do (any pino logger satisfies it).
export type ProbeLog = BasicLogger;

// Everything a probe may touch: the host roots, the command runner, a clock, a logger, an abort signal.
export interface ProbeContext {
  paths: HostPaths;
  run: CommandRunner;
  clock: Clock;
  log: ProbeLog;
  signal: AbortSignal;
}

// A probe gathers data and returns it; it never touches metrics or notifications.
export interface Probe<T> {
  name: string;
  run(ctx: ProbeContext): Promise<T>;
}

// What the shared wrapper records about one probe run.
export interface ProbeOutcome<T> {
  probe: string;
  success: boolean;
  data: T | null;
  error: string | null;
  // Epoch milliseconds when the run started.
  startedAt: number;
  durationSeconds: number;
}
