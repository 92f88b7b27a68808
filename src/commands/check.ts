import os from 'node:os';
import { resolveRuntimes } from '../canary/runtimes.js';
import { workerPath } from '../canary/worker-path.js';
import type { Config } from '../config.js';
import { systemClock } from '../host/clock.js';
import { createCommandRunner } from '../host/runner.js';
import type { AppLogger } from '../log.js';
import { buildCheckReport, checkExitCode } from '../report/check-report.js';
import { peekStatusStore } from '../status/store.js';
import { renderCheck } from '../report/render-check.js';
import { VERSION } from '../version.js';
import { createHostWatcher } from '../watch/host-watcher.js';
import { createHostProbeRunner } from '../watch/probe-setup.js';

export interface CheckOptions {
  devices: string[];
  json: boolean;
  benchmark: boolean;
  stdout: NodeJS.WritableStream;
  stderr: NodeJS.WritableStream & { isTTY?: boolean };
  // SIGINT/SIGTERM: running commands and canary workers are ended, one line on stderr says so instead of the
  // report, and the exit code is 128 + the signal's number (the abort reason names the signal).
  signal: AbortSignal;
}

// `npu-watch check`: one pass of every probe, printed; returns the exit code.
export async function runCheck(config: Config, log: AppLogger, options: CheckOptions): Promise<number> {
  const progress = (line: string) => {
    if (options.stderr.isTTY) options.stderr.write(`${line}\n`);
  };
  const { signal } = options;
  const clock = systemClock;
  const runtimes = await resolveRuntimes(config.runtimes, createCommandRunner({ timeoutMs: config.commands.timeout_seconds * 1000 }), log, signal);
  const watcher = createHostWatcher({
    runProbe: createHostProbeRunner(config, log, clock, signal),
    log,
    clock,
    canary: { config, workerPath: workerPath(), signal, runtimes },
  });
  const interrupted = () => {
    options.stderr.write(`npu-watch: interrupted by ${String(signal.reason)}; nothing left running\n`);
    return 128 + (os.constants.signals[signal.reason as NodeJS.Signals] ?? 2);
  };
  progress('npu-watch: reading devices and installed versions…');
  await watcher.runHostProbes();
  if (signal.aborted) return interrupted();
  progress('npu-watch: asking the package manager for updates (this can take a minute)…');
  await watcher.runUpdates();
  if (signal.aborted) return interrupted();
  const devices = options.devices.length > 0 ? options.devices : config.canary.devices;
  const benchmark = options.benchmark && config.benchmark.model_path !== null;
  const names = runtimes.map((r) => r.name).join(', ');
  progress(`npu-watch: canary${benchmark ? ' and LLM benchmark' : ''} on ${devices.join(', ')} with ${names} (each in its own process, one after another)…`);
  await watcher.runCanaries({ devices, benchmark });
  if (signal.aborted) return interrupted();
  const took = watcher.pass.canaries?.duration_seconds;
  if (took !== undefined) progress(`npu-watch: canary pass took ${took.toFixed(1)} s (${runtimes.length} runtime(s) × ${devices.length} device(s))`);
  // The daemon's history, when one runs on this machine and its state dir is readable.
  const store = peekStatusStore(config.state.dir);
  const report = buildCheckReport(watcher.pass, devices, VERSION, new Date(clock.now()), {
    expected_tokens_per_second: config.expected_tokens_per_second,
    status: store ? { devices: store.devices, recent_events: store.events.slice(-config.status.history) } : null,
  });
  options.stdout.write(options.json ? `${JSON.stringify(report, null, 2)}\n` : renderCheck(report));
  return checkExitCode(report);
}
