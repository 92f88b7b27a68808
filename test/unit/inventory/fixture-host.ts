import path from 'node:path';
import { fileURLToPath } from 'node:url';
import pino, { type Logger } from 'pino';
import { systemClock } from '../../../src/host/clock.js';
import type { HostPaths } from '../../../src/host/paths.js';
import { createCommandRunner } from '../../../src/host/runner.js';
import type { ProbeContext } from '../../../src/probes/types.js';

// test/fixtures/hosts/<name>: one machine's sys/, proc/, etc/, lib/firmware/ and command stand-ins in bin/.
export const FIXTURE_HOSTS = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../fixtures/hosts');

// Where a fixture host's captured command output lives, e.g. ('fedora43-lunarlake', 'rpm-q.txt').
export function fixtureOutputPath(host: string, file: string): string {
  return path.join(FIXTURE_HOSTS, host, 'outputs', file);
}

// The host roots of a machine mirrored under `root`.
export function hostPaths(root: string): HostPaths {
  return {
    sysfs: path.join(root, 'sys'),
    procfs: path.join(root, 'proc'),
    dev: path.join(root, 'dev'),
    firmware: path.join(root, 'lib/firmware'),
    etc: path.join(root, 'etc'),
  };
}

// A logger that keeps every line it writes, parsed, so tests can assert on what was logged.
export function captureLogger(level = 'debug'): { log: Logger; lines: Array<Record<string, unknown>> } {
  const lines: Array<Record<string, unknown>> = [];
  const log = pino({ level }, { write: (line: string) => lines.push(JSON.parse(line) as Record<string, unknown>) });
  return { log, lines };
}

// A ProbeContext pointed at a host tree, running real commands with `PATH` (default: the tree's bin/ first).
export function hostContext(root: string, options: { PATH?: string; log?: Logger } = {}): ProbeContext {
  const runner = createCommandRunner({ timeoutMs: 20_000 });
  const PATH = options.PATH ?? `${path.join(root, 'bin')}:${process.env.PATH ?? ''}`;
  return {
    paths: hostPaths(root),
    run: (command, args, runOptions = {}) => runner(command, args, { ...runOptions, env: { ...runOptions.env, PATH } }),
    clock: systemClock,
    log: options.log ?? pino({ level: 'silent' }),
    signal: new AbortController().signal,
  };
}

// The context for one of the committed fixture hosts.
export function fixtureContext(host: string, options: { PATH?: string; log?: Logger } = {}): ProbeContext {
  return hostContext(path.join(FIXTURE_HOSTS, host), options);
}
