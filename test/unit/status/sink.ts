// A pino logger writing parsed JSON lines into an array, to assert on what was logged.
import { createLogger } from '../../../src/log.js';

export function logSink() {
  const lines: Array<Record<string, unknown> & { level: string; msg: string }> = [];
  const log = createLogger({ level: 'debug', env: {}, destination: { write: (line: string) => lines.push(JSON.parse(line)) } });
  return { log, lines };
}
