import fs from 'node:fs';
import path from 'node:path';
import { writeFileAtomic } from '../host/atomic-write.js';
import { systemClock, type Clock } from '../host/clock.js';
import { readRegularFileSync, UnreadableFileError } from '../host/regular-file.js';
import type { BasicLogger } from '../log.js';
import { describeSchemaProblem, statusStoreSchema, type StatusStoreData } from './store-schema.js';

export type { StatusStoreData } from './store-schema.js';

// The status file's name in the state dir.
export const STATUS_FILE = 'status.json';

// The largest status.json read: [status] history = 10000 writes about 9 MB; far more is not ours.
export const MAX_STATUS_FILE_BYTES = 64 * 1024 * 1024;

// A store with nothing in it: every device unknown, no events yet; its first event gets `firstEventId`.
export function emptyStatusStore(firstEventId = 1): StatusStoreData {
  return { version: 2, devices: {}, last_observations: {}, next_event_id: firstEventId, events: [] };
}

// The first event id of a state created at `nowMs`: the time in milliseconds. Event ids then never repeat across a
// reset (status.json missing, corrupt or unreadable): the old log's ids started at its own creation time and grew
// by one per event, far slower than one per millisecond, so the new ids are above every id a client or
// `npu-watch notify` has stored (notify drops ids at or below its stored one; /events replays above the client's
// Last-Event-ID). They fit the 15 digits /events and the last-id store accept until the year 33658. A clock set
// backwards across a reset can still give lower ids: /events then replays everything kept (events.ts).
export function firstEventIdAt(nowMs: number): number {
  return Math.max(1, Math.floor(nowMs));
}

const errorCode = (error: unknown): string => (error as NodeJS.ErrnoException).code ?? String(error);

// Reads status.json from `dir`. Missing → empty. Unparsable, the wrong shape, not a regular file (a FIFO would
// block open(2)) or larger than MAX_STATUS_FILE_BYTES → moved aside to
// status.json.corrupt-<time> with one warning naming the file and the reason, then empty. Unreadable
// (permissions, a directory) → one warning, then empty.
export function loadStatusStore(dir: string, log: BasicLogger, clock: Clock = systemClock): StatusStoreData {
  const file = path.join(dir, STATUS_FILE);
  const fresh = () => emptyStatusStore(firstEventIdAt(clock.now()));
  let checked: { data: StatusStoreData } | { reason: string };
  try {
    checked = checkStatusText(readRegularFileSync(file, MAX_STATUS_FILE_BYTES));
  } catch (error) {
    if (error instanceof UnreadableFileError) {
      checked = { reason: error.reason };
    } else if (errorCode(error) === 'ENOENT') {
      return fresh();
    } else {
      log.warn({ file, err: error }, `cannot read ${file} (${errorCode(error)}); starting with a fresh status`);
      return fresh();
    }
  }
  if ('data' in checked) return checked.data;
  const { reason } = checked;
  const aside = `${file}.corrupt-${new Date(clock.now()).toISOString().replace(/[:.]/g, '-')}`;
  try {
    fs.renameSync(file, aside);
    log.warn({ file, moved_to: aside, reason }, `${file} is not a valid status file (${reason}); moved it to ${aside} and starting fresh`);
  } catch (error) {
    log.warn({ file, reason, err: error }, `${file} is not a valid status file (${reason}) and could not be moved aside (${errorCode(error)}); starting fresh`);
  }
  return fresh();
}

// The store in `text`, or why it is not a valid status file.
function checkStatusText(text: string): { data: StatusStoreData } | { reason: string } {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    return { reason: `not JSON: ${(error as Error).message}` };
  }
  const checked = statusStoreSchema.safeParse(value);
  return checked.success ? { data: checked.data } : { reason: describeSchemaProblem(checked.error) };
}

// Writes status.json into `dir` (created 0700 if missing) so that a crash at any moment leaves either
// the old file or the new one (writeFileAtomic). On failure the old file is untouched and the error is thrown.
export function saveStatusStore(dir: string, data: StatusStoreData): void {
  writeFileAtomic(path.join(dir, STATUS_FILE), `${JSON.stringify(data, null, 2)}\n`);
}

// Reads the daemon's status file without changing anything (for `check`); null when absent, unreadable or invalid.
export function peekStatusStore(dir: string): StatusStoreData | null {
  try {
    const text = readRegularFileSync(path.join(dir, STATUS_FILE), MAX_STATUS_FILE_BYTES);
    const checked = statusStoreSchema.safeParse(JSON.parse(text));
    return checked.success ? checked.data : null;
  } catch {
    return null;
  }
}
