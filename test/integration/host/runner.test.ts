import { afterEach, describe, expect, it, vi } from 'vitest';
import fsp from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { createCommandRunner, describeCommandFailure } from '../../../src/host/runner.js';
import { descendantsOf, leftOver, runs, type SeenProcess } from '../../helpers/processes.js';

// A wrapper script whose child inherits its stdout and outlives it unless its whole group is ended, the way a
// package-manager wrapper's helper would.
const wrapper = (marker: string) => ['-c', `sleep ${marker} & wait`];

// Waits until this test process has a descendant running `sleep <marker>`, and returns its process group as it
// is then (the wrapper and its sleep). Polls on setInterval, which the fake timers below leave real.
function groupRunning(marker: string): Promise<SeenProcess[]> {
  return new Promise((resolve) => {
    const poll = setInterval(() => {
      const tree = descendantsOf(process.pid);
      const sleep = tree.find((child) => runs(child.argv, ['sleep', marker]));
      if (!sleep) return;
      clearInterval(poll);
      resolve(tree.filter((child) => child.pgid === sleep.pgid));
    }, 20);
  });
}

describe('createCommandRunner', () => {
  afterEach(() => {
    vi.useRealTimers();
  });

  it('a program that cannot be started (not executable) is a start error naming the errno, not "exit null"', async () => {
    const dir = await fsp.mkdtemp(path.join(os.tmpdir(), 'npu-watch-runner-'));
    const program = path.join(dir, 'dnf');
    await fsp.writeFile(program, '#!/bin/sh\necho never\n', { mode: 0o644 });
    try {
      const result = await createCommandRunner({ timeoutMs: 5_000 })(program, ['check-update']);
      expect(result).toMatchObject({ exitCode: null, signal: null, notFound: false, stdout: '' });
      expect(result.startError).toContain('EACCES');
      expect(describeCommandFailure(result)).toBe(`${program} check-update: could not start: ${result.startError}`);
    } finally {
      await fsp.rm(dir, { recursive: true, force: true });
    }
  });

  it('runs a program with arguments, no shell, in the C locale', async () => {
    const run = createCommandRunner({ timeoutMs: 5_000 });
    const result = await run('printenv', ['LC_ALL']);
    expect(result).toMatchObject({ exitCode: 0, signal: null, stdout: 'C\n', notFound: false, timedOut: false });
  });

  it('reports a missing program as not found, not as a failure of it', async () => {
    const result = await createCommandRunner({ timeoutMs: 5_000 })('npu-watch-no-such-program', []);
    expect(result).toMatchObject({ notFound: true, exitCode: null, timedOut: false });
  });

  it('a timeout ends the whole process group: the call returns and nothing the command started is left', async () => {
    // The runner's clock is held until the wrapper's child runs, then moved past the 300 ms limit: the timeout
    // runs out with the grandchild there, however long a loaded machine took to start it.
    const marker = '52.718';
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
    const pending = createCommandRunner({ timeoutMs: 300 })('sh', wrapper(marker));
    const group = await groupRunning(marker);
    vi.advanceTimersByTime(300);
    vi.useRealTimers();
    expect(await pending).toMatchObject({ timedOut: true, signal: 'SIGKILL' });
    expect(group).toHaveLength(2);
    // The sleep held the command's stdout: the call returned once it was gone, so nothing is left now.
    expect(leftOver(group)).toEqual([]);
  });

  it('an abort (daemon shutdown) ends the whole process group too', async () => {
    const marker = '53.141';
    const stop = new AbortController();
    const pending = createCommandRunner({ timeoutMs: 60_000 })('sh', wrapper(marker), { signal: stop.signal });
    const group = await groupRunning(marker);
    stop.abort();
    expect(await pending).toMatchObject({ timedOut: false, signal: 'SIGKILL' });
    expect(group).toHaveLength(2);
    expect(leftOver(group)).toEqual([]);
  });

  it('an already aborted signal runs nothing to completion', async () => {
    const stop = new AbortController();
    stop.abort();
    const result = await createCommandRunner({ timeoutMs: 60_000 })('sleep', ['54.2'], { signal: stop.signal });
    expect(result.signal).toBe('SIGKILL');
  });
});
