import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { pino } from 'pino';
import { systemClock } from '../../../src/host/clock.js';
import type { HostPaths } from '../../../src/host/paths.js';
import { createCommandRunner, type CommandRunner } from '../../../src/host/runner.js';
import type { ProbeContext } from '../../../src/probes/types.js';

// test/fixtures/hosts/<name>
export function fixtureHostDir(name: string): string {
  return fileURLToPath(new URL(`../../fixtures/hosts/${name}`, import.meta.url));
}

// The host roots of a fixture tree laid out like test/fixtures/hosts/<name>.
export function hostPaths(hostDir: string): HostPaths {
  return {
    sysfs: path.join(hostDir, 'sys'),
    procfs: path.join(hostDir, 'proc'),
    dev: path.join(hostDir, 'dev'),
    firmware: path.join(hostDir, 'lib/firmware'),
    etc: path.join(hostDir, 'etc'),
  };
}

// The real command runner with PATH replaced: the given directories, nothing else.
export function runnerWithPath(pathDirs: string[]): CommandRunner {
  const run = createCommandRunner({ timeoutMs: 10_000 });
  return (command, args, options = {}) =>
    run(command, args, { ...options, env: { ...options.env, PATH: pathDirs.join(path.delimiter) } });
}

// A temporary directory holding only the tools the bin/ stand-ins use, so a real dnf or apt is never reached.
export async function makeToolsDir(): Promise<string> {
  const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'npu-watch-tools-'));
  for (const tool of ['cat', 'dirname']) {
    const found = ['/usr/bin', '/bin'].map((bin) => path.join(bin, tool));
    const target = (await Promise.all(found.map((file) => fs.access(file).then(() => file, () => null)))).find(Boolean);
    if (!target) throw new Error(`${tool} not found in /usr/bin or /bin`);
    await fs.symlink(target, path.join(dir, tool));
  }
  return dir;
}

// A probe context for a fixture host: its roots, the given PATH, a silent logger.
export function fixtureContext(hostDir: string, pathDirs: string[]): ProbeContext {
  return {
    paths: hostPaths(hostDir),
    run: runnerWithPath(pathDirs),
    clock: systemClock,
    log: pino({ level: 'silent' }),
    signal: new AbortController().signal,
  };
}
