import fs from 'node:fs';
import pino, { type DestinationStream, type Logger } from 'pino';

export type { Logger } from 'pino';

// The logging most code needs; any pino logger satisfies it.
export type BasicLogger = Pick<Logger, 'debug' | 'info' | 'warn' | 'error'>;

// The application's logger: pino's levels plus "notice" for status changes.
export type AppLogger = Logger<'notice'>;

// syslog priorities for pino's levels (plus "notice", which status changes use).
const PRIORITY_BY_LEVEL: ReadonlyArray<[number, number]> = [
  [60, 2], // fatal → crit
  [50, 3], // error → err
  [40, 4], // warn → warning
  [35, 5], // notice
  [30, 6], // info
  [0, 7], // debug, trace
];

// The `<N>` prefix journald reads as the line's priority (sd-daemon(3)), so `journalctl -p warning` works.
export function syslogPrefix(level: number): string {
  const priority = PRIORITY_BY_LEVEL.find(([min]) => level >= min)?.[1] ?? 7;
  return `<${priority}>`;
}

// True when fd 1 is still the journal stream systemd connected (JOURNAL_STREAM is "dev:inode").
export function stdoutIsJournal(env: NodeJS.ProcessEnv, stat: () => fs.Stats = () => fs.fstatSync(1)): boolean {
  const match = /^(\d+):(\d+)$/.exec(env.JOURNAL_STREAM ?? '');
  if (!match) return false;
  try {
    const { dev, ino } = stat();
    return String(dev) === match[1] && String(ino) === match[2];
  } catch {
    return false;
  }
}

// A destination that prefixes each line with its syslog priority; pino tells it the level via metadata.
export function journalDestination(out: { write(line: string): unknown }): DestinationStream {
  return {
    [Symbol.for('pino.metadata')]: true,
    lastLevel: 0,
    write(line: string) {
      out.write(syslogPrefix((this as unknown as { lastLevel: number }).lastLevel) + line);
    },
  } as unknown as DestinationStream;
}

export interface LoggerOptions {
  level: string;
  env: NodeJS.ProcessEnv;
  // Where lines go; stdout (synchronously, so nothing is lost at exit) by default.
  destination?: { write(line: string): unknown };
}

// How a logged `err` reads: its type, message and errno code on one line; the stack trace only at level debug.
// An expected failure (a file that cannot be read, a refused connection) needs no stack, and a journal line
// of thirty frames hides the one line that says what went wrong.
export function errorSerializer(level: string): (error: unknown) => unknown {
  if (level === 'debug') return pino.stdSerializers.err as (error: unknown) => unknown;
  return (error) => {
    if (!(error instanceof Error)) return error;
    const code = (error as NodeJS.ErrnoException).code;
    return { type: error.name, message: error.message, ...(code === undefined ? {} : { code }) };
  };
}

// The daemon's and CLI's logger: JSON lines, journald priorities when stdout is the journal.
export function createLogger(options: LoggerOptions): AppLogger {
  const base = options.destination ?? pino.destination({ dest: 1, sync: true });
  const destination = stdoutIsJournal(options.env) ? journalDestination(base) : (base as DestinationStream);
  return pino(
    {
      level: options.level,
      customLevels: { notice: 35 },
      base: { pid: process.pid },
      serializers: { err: errorSerializer(options.level) },
      formatters: { level: (label) => ({ level: label }) },
      timestamp: pino.stdTimeFunctions.isoTime,
    },
    destination,
  );
}
