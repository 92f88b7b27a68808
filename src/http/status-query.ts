import type { StatusEvent } from '../status/types.js';

// Which status events one /status response carries: the newest `limit` of them, older than `before` when given.
export interface StatusPage {
  limit: number;
  before: number | null;
}

// Events per /status response when the client does not say (a response stays a few tens of kB).
export const DEFAULT_STATUS_LIMIT = 50;

const WHOLE_NUMBER = /^\d{1,15}$/;

// The page a /status query asks for (`?limit=N&before=ID`), or one line saying which value is wrong and why.
// `maxLimit` is the configured history: no response carries more than the daemon keeps.
export function parseStatusQuery(search: URLSearchParams, maxLimit: number): StatusPage | string {
  for (const key of search.keys()) {
    if (key !== 'limit' && key !== 'before') return `unknown parameter ${JSON.stringify(key)}: /status takes limit and before`;
  }
  const limit = search.getAll('limit');
  const before = search.getAll('before');
  if (limit.length > 1 || before.length > 1) return 'limit and before may each be given once';
  let page: StatusPage = { limit: Math.min(DEFAULT_STATUS_LIMIT, maxLimit), before: null };
  if (limit[0] !== undefined) {
    const value = Number(limit[0]);
    if (!WHOLE_NUMBER.test(limit[0]) || value < 1 || value > maxLimit) {
      return `limit ${JSON.stringify(limit[0])} is not a number of events from 1 to ${maxLimit} (the configured [status] history)`;
    }
    page = { ...page, limit: value };
  }
  if (before[0] !== undefined) {
    if (!WHOLE_NUMBER.test(before[0])) return `before ${JSON.stringify(before[0])} is not an event id (a non-negative integer)`;
    page = { ...page, before: Number(before[0]) };
  }
  return page;
}

// The events of one page, oldest first as the log keeps them: the newest `limit` with an id below `before`.
export function pageOfEvents(events: readonly StatusEvent[], page: StatusPage): StatusEvent[] {
  const older = page.before === null ? events : events.filter((event) => event.id < page.before!);
  return older.slice(Math.max(0, older.length - page.limit));
}
