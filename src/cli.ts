#!/usr/bin/env node
import { parseCommandLine, USAGE, UsageError } from './cli/args.js';
import { runCheck } from './commands/check.js';
import { runNotify } from './commands/notify.js';
import { runStatus } from './commands/status.js';
import { chooseConfigFile, ConfigError, loadConfig } from './config.js';
import { runDaemon } from './daemon.js';
import { createLogger, type AppLogger } from './log.js';
import { VERSION } from './version.js';

// The npu-watch command: parses arguments, loads the config, runs the command, sets the exit code.
async function main(argv: string[]): Promise<number> {
  const command = parseCommandLine(argv);
  if (command.name === 'help') {
    process.stdout.write(USAGE);
    return 0;
  }
  if (command.name === 'version') {
    process.stdout.write(`npu-watch ${VERSION}\n`);
    return 0;
  }
  const config = loadConfig(chooseConfigFile(command.config, process.env));
  if (command.name === 'status') {
    return runStatus(config, { url: command.url, json: command.json, stdout: process.stdout, stderr: process.stderr });
  }
  if (command.name === 'check') {
    // check prints its report (failures included) on stdout; only errors of its own go to stderr.
    const log = createLogger({ level: 'error', env: {}, destination: process.stderr });
    return runCheck(config, log, {
      devices: command.devices,
      json: command.json,
      benchmark: command.benchmark,
      stdout: process.stdout,
      stderr: process.stderr,
      signal: stopOnSignals(log),
    });
  }
  if (command.name === 'notify') {
    // The user-session notifier: runs until SIGTERM/SIGINT, then exits 0.
    const log = createLogger({ level: config.log.level, env: process.env });
    return runNotify(config, log, { url: command.url, signal: stopOnSignals(log), minIntervalMs: config.notify.min_interval_seconds * 1000 });
  }
  const log = createLogger({ level: config.log.level, env: process.env });
  try {
    await runDaemon(config, log, stopOnSignals(log));
  } catch (error) {
    log.fatal({ err: error }, (error as Error).message);
    return 1;
  }
  return 0;
}

// Aborts on SIGTERM or SIGINT (logged), so long-running commands end cleanly and exit 0. The handlers stay
// installed (`on`, not `once`): execa's child cleanup (signal-exit) re-raises a signal that no other listener
// is left to handle, which would kill the process mid-shutdown whenever a probe command happened to be running.
// A repeated signal changes nothing: the shutdown already under way is bounded.
function stopOnSignals(log: AppLogger): AbortSignal {
  const stop = new AbortController();
  for (const signal of ['SIGTERM', 'SIGINT'] as const) {
    process.on(signal, () => {
      if (stop.signal.aborted) {
        log.info({ signal }, `received ${signal} again; already stopping`);
        return;
      }
      log.info({ signal }, `received ${signal}`);
      stop.abort(signal);
    });
  }
  return stop.signal;
}

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    if (error instanceof UsageError) {
      process.stderr.write(`npu-watch: ${error.message}\n\n${USAGE}`);
      process.exitCode = error.exitCode;
    } else if (error instanceof ConfigError) {
      process.stderr.write(`npu-watch: ${error.message}\n`);
      process.exitCode = error.exitCode;
    } else {
      process.stderr.write(`npu-watch: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
      process.exitCode = 1;
    }
  },
);
