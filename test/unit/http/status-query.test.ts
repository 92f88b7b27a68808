import { describe, expect, it } from 'vitest';
import { pageOfEvents, parseStatusQuery } from '../../../src/http/status-query.js';
import { stoppedWorking, withId } from '../../helpers/status-events.js';

const query = (text: string) => parseStatusQuery(new URLSearchParams(text), 100);

describe('parseStatusQuery', () => {
  it.each([
    ['', { limit: 50, before: null }],
    ['limit=1', { limit: 1, before: null }],
    ['limit=100', { limit: 100, before: null }],
    ['before=0', { limit: 50, before: 0 }],
    ['limit=5&before=42', { limit: 5, before: 42 }],
  ])('%j → %j', (text, page) => expect(query(text)).toEqual(page));

  it('never defaults to more than the configured history', () => {
    expect(parseStatusQuery(new URLSearchParams(''), 10)).toEqual({ limit: 10, before: null });
  });

  it.each([
    ['limit=0', 'limit "0" is not a number of events from 1 to 100 (the configured [status] history)'],
    ['limit=101', 'limit "101" is not a number of events from 1 to 100 (the configured [status] history)'],
    ['limit=1.5', 'limit "1.5" is not a number of events from 1 to 100 (the configured [status] history)'],
    ['limit=', 'limit "" is not a number of events from 1 to 100 (the configured [status] history)'],
    ['before=x', 'before "x" is not an event id (a non-negative integer)'],
    ['before=1e3', 'before "1e3" is not an event id (a non-negative integer)'],
    ['limit=1&limit=2', 'limit and before may each be given once'],
    ['after=3', 'unknown parameter "after": /status takes limit and before'],
  ])('%j is refused: %s', (text, reason) => expect(query(text)).toBe(reason));
});

describe('pageOfEvents', () => {
  const events = [1, 2, 3, 5, 8].map((id) => withId(id, stoppedWorking()));
  const ids = (page: { limit: number; before: number | null }) => pageOfEvents(events, page).map((event) => event.id);

  it('keeps the newest `limit`, oldest first', () => expect(ids({ limit: 2, before: null })).toEqual([5, 8]));
  it('before an id: only older events', () => expect(ids({ limit: 2, before: 5 })).toEqual([2, 3]));
  it('fewer than asked: all there are', () => expect(ids({ limit: 10, before: 2 })).toEqual([1]));
});
