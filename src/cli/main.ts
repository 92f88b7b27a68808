import { runCheck } from '../commands/check.js';
import { runNotify } from '../commands/notify.js';
import { runReport } from '../commands/report.js';
import { runStatus } from '../commands/status.js';
import { runTryOpenvino } from '../commands/try-openvino.js';
import { chooseConfigFile, ConfigError, loadConfig, type Config } from '../config.js';
import { runDaemon } from '../daemon.js';
import { StateDirError } from '../host/state-dir.js';
import { ListenError } from '../http/server.js';
import { createLogger } from '../log.js';
import { versionLine } from '../version.js';
import { parseCommandLine, UsageError, type Command } from './args.js';
import type { StopSignals } from './stop-signals.js';
import { commandUsage, generalUsage } from './usage.js';

// Runs one command line and returns the exit code: usage errors 2, an invalid config 78, else the command's.
export async function runCommandLine(argv: string[], stop: StopSignals): Promise<number> {
  // Set once the log level is known: at debug an unexpected error is printed with its stack trace.
  const asked = { debug: false };
  try {
    return await dispatch(parseCommandLine(argv), stop, asked);
  } catch (error) {
    if (error instanceof UsageError) {
      process.stderr.write(`npu-watch: ${error.message}\n\n${generalUsage()}`);
      return error.exitCode;
    }
    if (error instanceof ConfigError) {
      // One problem per line, each prefixed, as the README shows.
      process.stderr.write(error.message.split('\n').map((line) => `npu-watch: ${line}\n`).join(''));
      return error.exitCode;
    }
    // One line; the stack trace (for a bug report) only under --log-level debug.
    const message = error instanceof Error ? error.message : String(error);
    const stack = asked.debug && error instanceof Error ? error.stack : undefined;
    process.stderr.write(`npu-watch: ${stack ?? `${message} (--log-level debug shows where)`}\n`);
    return 1;
  }
}

async function dispatch(command: Command, stop: StopSignals, asked: { debug: boolean }): Promise<number> {
  if (command.name === 'help') {
    process.stdout.write(command.topic ? commandUsage(command.topic) : generalUsage());
    return 0;
  }
  if (command.name === 'version') {
    process.stdout.write(`${versionLine()}\n`);
    return 0;
  }
  const config = withFlags(loadConfig(chooseConfigFile(command.config, process.env)), command);
  asked.debug = config.log.level === 'debug';
  if (command.name === 'status') {
    return runStatus(config, { url: command.url, json: command.json, stdout: process.stdout, stderr: process.stderr, signal: stop.signal });
  }
  if (command.name === 'check') {
    // check prints its report (failures included) on stdout; its own log goes to stderr, errors only unless
    // --log-level asks for more.
    const log = createLogger({ level: command.logLevel ?? 'error', env: {}, destination: process.stderr });
    stop.logTo(log);
    const options = { devices: command.devices, json: command.json, benchmark: command.benchmark, stdout: process.stdout, stderr: process.stderr };
    return runCheck(config, log, { ...options, signal: stop.signal });
  }
  if (command.name === 'report') {
    // Like check: the page on stdout, its own log on stderr (errors only unless --log-level asks for more).
    const log = createLogger({ level: command.logLevel ?? 'error', env: {}, destination: process.stderr });
    stop.logTo(log);
    const { format, output, check, bug, url } = command;
    return runReport(config, log, { format, output, check, bug, url, stdout: process.stdout, stderr: process.stderr, signal: stop.signal });
  }
  if (command.name === 'try-openvino') {
    // Like check: the answer on stdout, progress and its own log on stderr (errors only unless --log-level asks).
    const log = createLogger({ level: command.logLevel ?? 'error', env: {}, destination: process.stderr });
    stop.logTo(log);
    const { kind, versions, latest, pre, clean } = command;
    return runTryOpenvino(config, log, { kind, versions, latest, pre, clean, env: process.env, stdout: process.stdout, stderr: process.stderr, signal: stop.signal });
  }
  const log = createLogger({ level: config.log.level, env: process.env });
  stop.logTo(log);
  if (command.name === 'notify') {
    // The user-session notifier: runs until SIGTERM/SIGINT, then exits 0.
    return runNotify(config, log, { url: command.url, signal: stop.signal, minIntervalMs: config.notify.min_interval_seconds * 1000 });
  }
  try {
    await runDaemon(config, log, stop.signal);
  } catch (error) {
    // A web config that cannot be used is a config error like the TOML's (exit 78), reported by the caller.
    if (error instanceof ConfigError) throw error;
    // The one startup failure a user causes and fixes: one line, the way out, no stack.
    if (error instanceof ListenError) {
      process.stderr.write(`npu-watch: ${error.message}; set [http] listen or --listen\n`);
      return 1;
    }
    if (error instanceof StateDirError) {
      process.stderr.write(`npu-watch: ${error.message}\n`);
      return error.exitCode;
    }
    log.fatal({ err: error }, (error as Error).message);
    return 1;
  }
  return 0;
}

// The config with the command line's overrides: --listen over [http] listen, --log-level over [log] level.
function withFlags(config: Config, command: Command): Config {
  if (command.name === 'help' || command.name === 'version') return config;
  const listen = command.name === 'run' ? command.listen : undefined;
  return {
    ...config,
    http: { ...config.http, listen: listen ?? config.http.listen },
    log: { ...config.log, level: command.logLevel ?? config.log.level },
  };
}
