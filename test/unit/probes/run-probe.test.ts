import pino from 'pino';
import { describe, expect, it } from 'vitest';
import { systemClock } from '../../../src/host/clock.js';
import { defaultHostPaths } from '../../../src/host/paths.js';
import { createCommandRunner } from '../../../src/host/runner.js';
import { createProbeRunner } from '../../../src/probes/run-probe.js';
import type { Probe } from '../../../src/probes/types.js';
import { eventually } from '../../helpers/cli.js';
import { isRunning } from '../../helpers/processes.js';

const sink = () => {
  const lines: Record<string, unknown>[] = [];
  return { lines, log: pino({ level: 'debug' }, { write: (line: string) => lines.push(JSON.parse(line)) }) };
};
const base = (log: pino.Logger) => ({ paths: defaultHostPaths, run: createCommandRunner({ timeoutMs: 60_000 }), clock: systemClock, log });

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
    const marker = '31.4159';
    const hanging: Probe<string> = { name: 'hang', run: async (ctx) => (await ctx.run('sleep', [marker])).stdout };
    const outcome = await runProbe(hanging);
    expect(outcome).toMatchObject({ probe: 'hang', success: false, data: null, error: 'timed out after 0.3 s' });
    await eventually(async () => !(await isRunning(`sleep ${marker}`)), 5_000, 'the timed-out command to be gone');
  });

  it('a probe that fails because the daemon is stopping is not logged as a host failure', async () => {
    const { log, lines } = sink();
    const stop = new AbortController();
    const runProbe = createProbeRunner(base(log), 60_000, stop.signal);
    const marker = '16.1803';
    const pending = runProbe({
      name: 'updates',
      run: async (ctx) => {
        const result = await ctx.run('sleep', [marker]);
        throw new Error(`sleep: killed by ${result.signal}`);
      },
    });
    await eventually(() => isRunning(`sleep ${marker}`), 5_000, 'the command to start');
    stop.abort();
    expect(await pending).toMatchObject({ probe: 'updates', success: false, error: 'stopped before it finished' });
    expect(lines.filter((line) => line.level === 50)).toEqual([]);
    expect(lines.map((line) => line.msg)).toContain('probe updates stopped before it finished');
  });

  it('daemon shutdown aborts running probes and kills their commands', async () => {
    const { log } = sink();
    const stop = new AbortController();
    const runProbe = createProbeRunner(base(log), 60_000, stop.signal);
    const marker = '27.1828';
    const pending = runProbe({ name: 'slow', run: async (ctx) => (await ctx.run('sleep', [marker])).signal });
    await eventually(() => isRunning(`sleep ${marker}`), 5_000, 'the command to start');
    stop.abort();
    const outcome = await pending;
    expect(outcome.data).toBe('SIGKILL');
    expect(await isRunning(`sleep ${marker}`)).toBe(false);
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
