import { describe, expect, it } from 'vitest';
import { parseWorkerLine } from '../../../src/canary/parse-worker-line.js';

describe('parseWorkerLine', () => {
  it('accepts the worker messages', () => {
    expect(parseWorkerLine('{"type":"stage_start","stage":"compile"}')).toEqual({ ok: true, message: { type: 'stage_start', stage: 'compile' } });
    expect(parseWorkerLine('{"type":"stage_end","stage":"benchmark_decode","seconds":1.5}').ok).toBe(true);
    expect(parseWorkerLine('{"type":"benchmark_error","stage":"benchmark_load","message":"no such file"}').ok).toBe(true);
  });

  const rejected: [string, string][] = [
    ['oneDNN verbose,exec,cpu', 'not JSON: "oneDNN verbose,exec,cpu"'],
    ['[1,2]', 'no message type: "[1,2]"'],
    ['{"type":"stage_start","stage":"dance"}', 'unknown stage: "{\\"type\\":\\"stage_start\\",\\"stage\\":\\"dance\\"}"'],
    ['{"type":"stage_end","stage":"compile"}', 'stage_end without seconds: "{\\"type\\":\\"stage_end\\",\\"stage\\":\\"compile\\"}"'],
    ['{"type":"verdict"}', 'verdict without a verdict: "{\\"type\\":\\"verdict\\"}"'],
    ['{"type":"result"}', 'unknown message type "result"'],
  ];
  for (const [line, error] of rejected) {
    it(`rejects ${line}`, () => expect(parseWorkerLine(line)).toEqual({ ok: false, error }));
  }

  it('shortens a long line in the reason', () => {
    const result = parseWorkerLine('x'.repeat(500));
    expect(result.ok).toBe(false);
    expect(!result.ok && result.error.length).toBeLessThan(140);
  });
});
