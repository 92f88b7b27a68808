import { describe, expect, it } from 'vitest';
import { createCommandRunner } from '../../../src/host/runner.js';
import { eventually } from '../../helpers/cli.js';
import { isRunning } from '../../helpers/processes.js';

// A wrapper script whose child inherits its stdout and outlives it unless its whole group is ended, the way a
// package-manager wrapper's helper would.
const wrapper = (marker: string) => ['-c', `sleep ${marker} & wait`];

describe('createCommandRunner', () => {
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
    const marker = '52.718';
    const result = await createCommandRunner({ timeoutMs: 300 })('sh', wrapper(marker));
    expect(result).toMatchObject({ timedOut: true, signal: 'SIGKILL' });
    await eventually(async () => !(await isRunning(`sleep ${marker}`)), 5_000, 'the grandchild to be gone');
  });

  it('an abort (daemon shutdown) ends the whole process group too', async () => {
    const marker = '53.141';
    const stop = new AbortController();
    const pending = createCommandRunner({ timeoutMs: 60_000 })('sh', wrapper(marker), { signal: stop.signal });
    await eventually(() => isRunning(`sleep ${marker}`), 5_000, 'the grandchild to start');
    stop.abort();
    expect(await pending).toMatchObject({ timedOut: false, signal: 'SIGKILL' });
    await eventually(async () => !(await isRunning(`sleep ${marker}`)), 5_000, 'the grandchild to be gone');
  });

  it('an already aborted signal runs nothing to completion', async () => {
    const stop = new AbortController();
    stop.abort();
    const result = await createCommandRunner({ timeoutMs: 60_000 })('sleep', ['54.2'], { signal: stop.signal });
    expect(result.signal).toBe('SIGKILL');
  });
});
