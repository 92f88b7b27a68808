import pino from 'pino';
import { describe, expect, it } from 'vitest';
import { systemClock } from '../../../src/host/clock.js';
import { defaultHostPaths } from '../../../src/host/paths.js';
import { createCommandRunner, type CommandResult } from '../../../src/host/runner.js';
import { createProbeRunner } from '../../../src/probes/run-probe.js';
import type { Probe } from '../../../src/probes/types.js';
import { eventually } from '../../helpers/cli.js';
import { groupAlive, ownChildren } from './own-processes.js';

const sink = () => {
  const lines: Record<string, unknown>[] = [];
  return { lines, log: pino({ level: 'debug' }, { write: (line: string) => lines.push(JSON.parse(line)) }) };
};
const base = (log: pino.Logger) => ({ paths: defaultHostPaths, run: createCommandRunner({ timeoutMs: 60_000 }), clock: systemClock, log });

// A probe that runs `sleep <marker>` and resolves `group` with its process group (the runner makes each command a
// group leader) as soon as it runs: spawning is synchronous, so the child is there when ctx.run returns.
function sleeper<T>(name: string, marker: string, then: (result: CommandResult) => T) {
  let started!: (pgid: number) => void;
  const group = new Promise<number>((resolve) => (started = resolve));
  const probe: Probe<T> = {
    name,
    run: async (ctx) => {
      const running = ctx.run('sleep', [marker]);
      const [pid] = ownChildren(['sleep', marker]);
      if (pid === undefined) throw new Error(`sleep ${marker} is not a child of this test`);
      started(pid);
      return then(await running);
    },
  };
  return { probe, group };
}

describe('createProbeRunner', () => {
  it('returns the data with success and timing', async () => {
    const { log } = sink();
    const runProbe = createProbeRunner(base(log), 5_000);
    const outcome = await runProbe({ name: 'echo', run: async (ctx) => (await ctx.run('echo', ['hello'])).stdout });
    expect(outcome).toMatchObject({ probe: 'echo', success: true, data: 'hello\n', error: null });
    expect(outcome.durationSeconds).toBeGreaterThan(0);
  });

  it('a hanging probe times out and its command is killed', async () => {
    const { log } = sink();
    const runProbe = createProbeRunner(base(log), 300);
    const hanging = sleeper('hang', '31.4159', (result) => result.stdout);
    const outcome = await runProbe(hanging.probe);
    expect(outcome).toMatchObject({ probe: 'hang', success: false, data: null, error: 'timed out after 0.3 s' });
    const group = await hanging.group;
    await eventually(async () => !groupAlive(group), 'the timed-out command to be gone');
  });

  it('a probe that fails because the daemon is stopping is not logged as a host failure', async () => {
    const { log, lines } = sink();
    const stop = new AbortController();
    const runProbe = createProbeRunner(base(log), 60_000, stop.signal);
    const killed = sleeper('updates', '16.1803', (result) => {
      throw new Error(`sleep: killed by ${result.signal}`);
    });
    const pending = runProbe(killed.probe);
    await killed.group;
    stop.abort();
    expect(await pending).toMatchObject({ probe: 'updates', success: false, error: 'stopped before it finished' });
    expect(lines.filter((line) => line.level === 50)).toEqual([]);
    expect(lines.map((line) => line.msg)).toContain('probe updates stopped before it finished');
  });

  it('daemon shutdown aborts running probes and kills their commands', async () => {
    const { log } = sink();
    const stop = new AbortController();
    const runProbe = createProbeRunner(base(log), 60_000, stop.signal);
    const slow = sleeper('slow', '27.1828', (result) => result.signal);
    const pending = runProbe(slow.probe);
    const group = await slow.group;
    stop.abort();
    const outcome = await pending;
    expect(outcome.data).toBe('SIGKILL');
    // The command's result came from its reaped exit: nothing of its group is left.
    expect(groupAlive(group)).toBe(false);
  });

  it('logs a repeated failure once, a changed failure again, and the recovery', async () => {
    const { lines, log } = sink();
    const runProbe = createProbeRunner(base(log), 5_000);
    let error: string | null = 'rpm: database locked';
    const flaky: Probe<number> = {
      name: 'inventory',
      run: async () => {
        if (error) throw new Error(error);
        return 1;
      },
    };
    await runProbe(flaky);
    await runProbe(flaky);
    error = 'rpm: killed';
    await runProbe(flaky);
    error = null;
    await runProbe(flaky);
    await runProbe(flaky);
    const shown = lines.filter((line) => line.level !== 20).map((line) => [line.level, line.msg]);
    expect(shown).toEqual([
      [50, 'probe inventory failed: rpm: database locked'],
      [50, 'probe inventory failed: rpm: killed'],
      [30, 'probe inventory recovered'],
    ]);
  });
});
