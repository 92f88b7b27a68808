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
});
