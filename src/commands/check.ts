import os from 'node:os';
import { loadTryResults } from '../canary/try-results.js';
import type { Config } from '../config.js';
import { systemClock } from '../host/clock.js';
import type { AppLogger } from '../log.js';
import { buildCheckReport, checkExitCode } from '../report/check-report.js';
import { peekStatusStore } from '../status/store.js';
import { renderCheck } from '../report/render-check.js';
import { VERSION } from '../version.js';
import { runOnePass } from './one-pass.js';

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
  const devices = options.devices.length > 0 ? options.devices : config.canary.devices;
  const benchmark = options.benchmark && config.benchmark.model_path !== null;
  const done = await runOnePass(config, log, { devices, benchmark, signal, clock, progress });
  if (done === null) {
    options.stderr.write(`npu-watch: interrupted by ${String(signal.reason)}; nothing left running\n`);
    return 128 + (os.constants.signals[signal.reason as NodeJS.Signals] ?? 2);
  }
  // The daemon's history, when one runs on this machine and its state dir is readable.
  const store = peekStatusStore(config.state.dir);
  const report = buildCheckReport(done.pass, devices, VERSION, new Date(clock.now()), {
    expected_tokens_per_second: config.expected_tokens_per_second,
    ...(done.kernelLog ? { kernel_log: done.kernelLog } : {}),
    tried_versions: loadTryResults(config.state.dir),
    status: store ? { devices: store.devices, recent_events: store.events.slice(-config.status.history) } : null,
  });
  options.stdout.write(options.json ? `${JSON.stringify(report, null, 2)}\n` : renderCheck(report));
  return checkExitCode(report);
}
