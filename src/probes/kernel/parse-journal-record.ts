import type { KernelRecord, MalformedRecord } from './kernel-record.js';

// One line of `journalctl --output=json` (systemd's journal-export JSON format, man journalctl "json"): an
// object of journal fields, every value a string, except that a field that is not valid UTF-8 is an array of
// byte values and a field left out for its size is null (--all keeps those whole). `__REALTIME_TIMESTAMP` is
// microseconds since the epoch as a decimal string; `__CURSOR` is what `--after-cursor=` takes. Pure.
export function parseJournalRecord(line: string): KernelRecord | MalformedRecord | null {
  if (line.trim() === '') return null;
  let value: unknown;
  try {
    value = JSON.parse(line);
  } catch {
    return { malformed: `not JSON: ${line.slice(0, 80)}` };
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return { malformed: 'not a JSON object' };
  const record = value as Record<string, unknown>;
  const message = fieldText(record.MESSAGE);
  const micros = typeof record.__REALTIME_TIMESTAMP === 'string' ? Number(record.__REALTIME_TIMESTAMP) : Number.NaN;
  const cursor = record.__CURSOR;
  if (message === null) return { malformed: 'no MESSAGE' };
  if (!Number.isFinite(micros)) return { malformed: 'no __REALTIME_TIMESTAMP' };
  if (typeof cursor !== 'string' || cursor === '') return { malformed: 'no __CURSOR' };
  return { message, at: Math.floor(micros / 1000), cursor };
}

// A field's text: a string as it is, an array of bytes decoded as UTF-8 (what the JSON output does with
// non-UTF-8 values), anything else none.
function fieldText(value: unknown): string | null {
  if (typeof value === 'string') return value;
  if (Array.isArray(value) && value.every((b) => Number.isInteger(b) && b >= 0 && b <= 255)) return Buffer.from(value as number[]).toString('utf8');
  return null;
}
