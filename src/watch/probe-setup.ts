import type { Config } from '../config.js';
import type { Clock } from '../host/clock.js';
import { createCommandRunner } from '../host/runner.js';
import type { AppLogger } from '../log.js';
import { createProbeRunner, type ProbeRunner } from '../probes/run-probe.js';

// A probe may take its command timeout plus a margin for its own reading and parsing.
const PROBE_MARGIN_MS = 15_000;

// The probe runner for the configured host: roots, command runner with the configured timeout, the given clock.
export function createHostProbeRunner(config: Config, log: AppLogger, clock: Clock, stop?: AbortSignal): ProbeRunner {
  const commandTimeoutMs = config.commands.timeout_seconds * 1000;
  const run = createCommandRunner({ timeoutMs: commandTimeoutMs });
  return createProbeRunner({ paths: config.paths, run, clock, log }, commandTimeoutMs + PROBE_MARGIN_MS, stop);
}
