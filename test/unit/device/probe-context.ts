import { Writable } from 'node:stream';
import { pino } from 'pino';
import { systemClock } from '../../../src/host/clock.js';
import type { HostPaths } from '../../../src/host/paths.js';
import { createCommandRunner } from '../../../src/host/runner.js';
import type { ProbeContext } from '../../../src/probes/types.js';

// A real ProbeContext over the given roots; every command the probe runs is recorded in `commands`, and
// every log line (debug and up) is parsed into `logs`.
export function probeContextFor(paths: HostPaths, signal = new AbortController().signal): {
  ctx: ProbeContext;
  commands: string[];
  logs: Record<string, unknown>[];
} {
  const commands: string[] = [];
  const logs: Record<string, unknown>[] = [];
  const sink = new Writable({
    write(chunk: Buffer, _encoding, done) {
      logs.push(JSON.parse(chunk.toString()) as Record<string, unknown>);
      done();
    },
  });
  const runner = createCommandRunner({ timeoutMs: 5000 });
  const ctx: ProbeContext = {
    paths,
    run: (command, args, options) => {
      commands.push([command, ...args].join(' '));
      return runner(command, args, options);
    },
    clock: systemClock,
    log: pino({ level: 'debug' }, sink),
    signal,
  };
  return { ctx, commands, logs };
}
