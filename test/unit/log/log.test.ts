import type fs from 'node:fs';
import { describe, expect, it } from 'vitest';
import { createLogger, stdoutIsJournal, syslogPrefix } from '../../../src/log.js';

const sink = () => {
  const lines: string[] = [];
  return { lines, write: (line: string) => lines.push(line) };
};
const stat = (dev: number, ino: number) => () => ({ dev, ino }) as fs.Stats;

describe('journal priorities', () => {
  it('maps pino levels to syslog priorities', () => {
    expect([60, 50, 40, 35, 30, 20, 10].map(syslogPrefix)).toEqual(['<2>', '<3>', '<4>', '<5>', '<6>', '<7>', '<7>']);
  });

  it('trusts JOURNAL_STREAM only when it names the current stdout', () => {
    expect(stdoutIsJournal({ JOURNAL_STREAM: '8:12345' }, stat(8, 12345))).toBe(true);
    expect(stdoutIsJournal({ JOURNAL_STREAM: '8:12345' }, stat(8, 999))).toBe(false);
    expect(stdoutIsJournal({ JOURNAL_STREAM: 'garbage' }, stat(8, 12345))).toBe(false);
    expect(stdoutIsJournal({}, stat(8, 12345))).toBe(false);
  });

  it('writes plain JSON lines when stdout is not the journal', () => {
    const out = sink();
    const log = createLogger({ level: 'info', env: {}, destination: out });
    log.warn('careful');
    const line = JSON.parse(out.lines[0]!) as Record<string, unknown>;
    expect(line).toMatchObject({ level: 'warn', msg: 'careful' });
  });

  it('has a notice level between info and warn', () => {
    const out = sink();
    const log = createLogger({ level: 'notice', env: {}, destination: out });
    log.info('dropped');
    log.notice('kept');
    expect(out.lines.map((line) => (JSON.parse(line) as { msg: string }).msg)).toEqual(['kept']);
  });
});
