import pino from 'pino';
import { describe, expect, it } from 'vitest';
import { createSerialJob } from '../../../src/watch/serial-job.js';

describe('createSerialJob', () => {
  it('never runs twice at once: a trigger during a run joins it', async () => {
    let release!: () => void;
    let runs = 0;
    const job = createSerialJob('probe pass', () => {
      runs += 1;
      return new Promise<void>((resolve) => (release = resolve));
    }, pino({ level: 'silent' }));
    const first = job.trigger();
    const second = job.trigger();
    expect(runs).toBe(1);
    release();
    await Promise.all([first, second]);
    const third = job.trigger();
    expect(runs).toBe(2);
    release();
    await third;
  });

  it('logs a failure and keeps working', async () => {
    const lines: string[] = [];
    const log = pino({ level: 'error' }, { write: (line: string) => lines.push(line) });
    let fail = true;
    const job = createSerialJob('update check', async () => {
      if (fail) throw new Error('dnf exploded');
    }, log);
    await job.trigger();
    fail = false;
    await job.trigger();
    expect(lines).toHaveLength(1);
    expect(JSON.parse(lines[0]!)).toMatchObject({ job: 'update check', err: { message: 'dnf exploded' } });
  });

  // A job whose runs wait to be released one at a time, counting the runs started.
  const gated = () => {
    const releases: Array<() => void> = [];
    const state = { runs: 0 };
    const job = createSerialJob('canary', () => {
      state.runs += 1;
      return new Promise<void>((resolve) => releases.push(resolve));
    }, pino({ level: 'silent' }));
    const release = async () => {
      releases.shift()!();
      await new Promise((resolve) => setImmediate(resolve));
    };
    return { job, state, release };
  };

  it('rerun during a run: one more run right after it, however many times it was asked', async () => {
    const { job, state, release } = gated();
    void job.trigger();
    job.rerun();
    job.rerun();
    job.rerun();
    expect(state.runs).toBe(1);
    await release();
    expect(state.runs).toBe(2);
    const idle = job.idle();
    await release();
    await idle;
    expect(state.runs).toBe(2);
  });

  it('rerun when idle starts a run at once', async () => {
    const { job, state, release } = gated();
    job.rerun();
    expect(state.runs).toBe(1);
    await release();
    await job.idle();
    expect(state.runs).toBe(1);
  });

  it('idle waits for the queued run too', async () => {
    const { job, state, release } = gated();
    void job.trigger();
    job.rerun();
    let idle = false;
    const waiting = job.idle().then(() => (idle = true));
    await release();
    expect(idle).toBe(false);
    expect(state.runs).toBe(2);
    await release();
    await waiting;
    expect(idle).toBe(true);
  });

  it('stop drops the queued run and refuses new ones (shutdown)', async () => {
    const { job, state, release } = gated();
    void job.trigger();
    job.rerun();
    job.stop();
    job.rerun();
    await release();
    await job.idle();
    expect(state.runs).toBe(1);
  });
});
