import { readFileSync, readdirSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseJournalRecord } from '../../../src/probes/kernel/parse-journal-record.js';
import { FIXTURE_HOSTS_DIR, fixtureOutputPath } from '../../helpers/probe-context.js';

// The fixture hosts' journal JSON is their captured kernel log with made-up cursors and times: every MESSAGE is
// the captured line, in order, and every record reads as the journal's.
describe("the fixture hosts' journalctl --output=json", () => {
  for (const host of readdirSync(FIXTURE_HOSTS_DIR)) {
    it(`${host}: holds the captured lines verbatim, as journal records`, () => {
      const captured = readFileSync(fixtureOutputPath(host, 'journalctl-dmesg.txt'), 'utf8').split('\n').filter((line) => line !== '');
      const records = readFileSync(fixtureOutputPath(host, 'journalctl-dmesg.json'), 'utf8').split('\n').filter((line) => line !== '').map(parseJournalRecord);
      expect(records.map((record) => (record !== null && 'message' in record ? record.message : record))).toEqual(captured);
    });
  }
});
