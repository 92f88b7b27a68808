import { describe, expect, it } from 'vitest';
import { createSseParser, type SseMessage } from '../../../src/notify/parse-sse.js';

const STREAM =
  ': hello\n' +
  'id: 1\nevent: started_working\ndata: {"id":1,"kind":"started_working"}\n\n' +
  ': keepalive\n\n' +
  'id: 2\r\nevent: stopped_working\r\ndata: line one\r\ndata: line two\r\n\r\n' +
  'id: 3\revent: component_changed\rdata:no space\r\r' +
  'data: ünïcödé ✓\n\n';

const EXPECTED: SseMessage[] = [
  { id: '1', event: 'started_working', data: '{"id":1,"kind":"started_working"}' },
  { id: '2', event: 'stopped_working', data: 'line one\nline two' },
  { id: '3', event: 'component_changed', data: 'no space' },
  { id: '3', event: 'message', data: 'ünïcödé ✓' },
];

function feedAll(chunks: Array<string | Uint8Array>): SseMessage[] {
  const parser = createSseParser();
  return [...chunks.flatMap((chunk) => parser.push(chunk)), ...parser.end()];
}

describe('createSseParser', () => {
  it('parses a whole stream: LF, CRLF and CR line ends, multi-line data, comments, default event type', () => {
    expect(feedAll([STREAM])).toEqual(EXPECTED);
  });

  it('gives the same messages however the text is split, mid-line and between CR and LF', () => {
    for (let size = 1; size <= 13; size++) {
      const chunks: string[] = [];
      for (let at = 0; at < STREAM.length; at += size) chunks.push(STREAM.slice(at, at + size));
      expect(feedAll(chunks), `chunks of ${size}`).toEqual(EXPECTED);
    }
    // Every two-way split, including one between "\r" and "\n" of a CRLF.
    for (let at = 0; at <= STREAM.length; at++) {
      expect(feedAll([STREAM.slice(0, at), STREAM.slice(at)]), `split at ${at}`).toEqual(EXPECTED);
    }
  });

  it('decodes bytes split inside a multi-byte UTF-8 character', () => {
    const bytes = new TextEncoder().encode(STREAM);
    for (let at = 0; at <= bytes.length; at += 1) {
      expect(feedAll([bytes.slice(0, at), bytes.slice(at)]), `split at byte ${at}`).toEqual(EXPECTED);
    }
    const single = Array.from(bytes, (byte) => Uint8Array.of(byte));
    expect(feedAll(single)).toEqual(EXPECTED);
  });

  it('returns messages as soon as their blank line arrives', () => {
    const parser = createSseParser();
    expect(parser.push('id: 7\nevent: started_working\ndata: {}')).toEqual([]);
    expect(parser.push('\n')).toEqual([]);
    expect(parser.push('\n')).toEqual([{ id: '7', event: 'started_working', data: '{}' }]);
  });

  it('tracks the last event id, also from an id line without data (which dispatches nothing)', () => {
    const parser = createSseParser('4');
    expect(parser.lastEventId).toBe('4');
    expect(parser.push('id: 41\n\n')).toEqual([]);
    expect(parser.lastEventId).toBe('41');
    expect(parser.push('data: x\n\n')).toEqual([{ id: '41', event: 'message', data: 'x' }]);
    expect(parser.push('id: bad\0id\ndata: y\n\n')).toEqual([{ id: '41', event: 'message', data: 'y' }]);
  });

  it('ignores unknown fields and an empty data buffer, keeps an empty data line, reads retry', () => {
    expect(feedAll(['foo: bar\nevent: x\n\n', 'data\n\n', 'retry: 3000\ndata: z\n\n', 'retry: soon\ndata: w\n\n'])).toEqual([
      { id: '', event: 'message', data: '' },
      { id: '', event: 'message', data: 'z', retry: 3000 },
      { id: '', event: 'message', data: 'w' },
    ]);
  });

  it('drops a message cut off without its blank line, and strips a leading BOM', () => {
    expect(feedAll(['\uFEFFdata: a\n\n', 'data: cut'])).toEqual([{ id: '', event: 'message', data: 'a' }]);
  });
});
