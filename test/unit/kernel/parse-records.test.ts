import { describe, expect, it } from 'vitest';
import { parseJournalRecord } from '../../../src/probes/kernel/parse-journal-record.js';
import { parseKmsgRecord } from '../../../src/probes/kernel/parse-kmsg-record.js';

const MESSAGE = 'intel_vpu 0000:00:0b.0: [drm] *ERROR* ivpu_fw_request(): Failed to request firmware: -2';

describe('parseJournalRecord', () => {
  it('takes MESSAGE, the realtime stamp in ms and the cursor', () => {
    const line = JSON.stringify({ __CURSOR: 's=abc;i=1f', __REALTIME_TIMESTAMP: '1764270134123456', _TRANSPORT: 'kernel', MESSAGE });
    expect(parseJournalRecord(line)).toEqual({ message: MESSAGE, at: 1764270134123, cursor: 's=abc;i=1f' });
  });

  it('decodes a MESSAGE given as bytes (how the JSON output writes a value that is not UTF-8)', () => {
    const line = JSON.stringify({ __CURSOR: 'c', __REALTIME_TIMESTAMP: '1000', MESSAGE: [...Buffer.from('intel_vpu x')] });
    expect(parseJournalRecord(line)).toMatchObject({ message: 'intel_vpu x', at: 1 });
  });

  it('says what is wrong with a line it cannot read, and skips blank ones', () => {
    expect(parseJournalRecord('')).toBeNull();
    expect(parseJournalRecord('{"MESSAGE": "x"')).toEqual({ malformed: 'not JSON: {"MESSAGE": "x"' });
    expect(parseJournalRecord('[1]')).toEqual({ malformed: 'not a JSON object' });
    expect(parseJournalRecord(JSON.stringify({ __CURSOR: 'c', __REALTIME_TIMESTAMP: '1' }))).toEqual({ malformed: 'no MESSAGE' });
    expect(parseJournalRecord(JSON.stringify({ __CURSOR: 'c', MESSAGE }))).toEqual({ malformed: 'no __REALTIME_TIMESTAMP' });
    expect(parseJournalRecord(JSON.stringify({ __REALTIME_TIMESTAMP: '1', MESSAGE }))).toEqual({ malformed: 'no __CURSOR' });
  });
});

describe('parseKmsgRecord', () => {
  // The record layout of torvalds/linux Documentation/ABI/testing/dev-kmsg ("3,1234,5678901,-;…").
  it('takes the sequence number, the time since boot and the unescaped message', () => {
    expect(parseKmsgRecord(`3,812,9023673,-;${MESSAGE}`)).toEqual({ seq: 812, usec: 9023673, message: MESSAGE });
    expect(parseKmsgRecord('6,813,9023676,-,caller=T1;a\\x5cb')).toEqual({ seq: 813, usec: 9023676, message: 'a\\b' });
  });

  it('skips dictionary lines and names a bad record', () => {
    expect(parseKmsgRecord(' SUBSYSTEM=pci')).toBeNull();
    expect(parseKmsgRecord('garbage')).toEqual({ malformed: 'no ";" in kmsg record: garbage' });
    expect(parseKmsgRecord('x,1,2,-;msg')).toEqual({ malformed: 'bad kmsg header: x,1,2,-' });
  });
});
