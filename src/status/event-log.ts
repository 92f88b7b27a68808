import type { StatusEvent, StatusEventDraft } from './types.js';

export type { StatusEventDraft } from './types.js';

// What the event log persists: the id the next event gets, and the events it keeps (oldest first).
export interface EventLogSnapshot {
  nextId: number;
  events: StatusEvent[];
}

// Called with each event as it is appended.
export type StatusEventListener = (event: StatusEvent) => void;

// The last N status events, with ids that only increase (SSE's Last-Event-ID replays from them).
export interface EventLog {
  // Gives the event the next id, keeps it (dropping the oldest beyond capacity), and tells subscribers.
  append(event: StatusEventDraft): StatusEvent;
  // The kept events with an id above `lastId`, oldest first; all of them when `lastId` is an id this log
  // never gave (a client from before the state was reset), so that client misses nothing kept.
  since(lastId: number): StatusEvent[];
  // Listens to appended events until the returned function is called.
  subscribe(listener: StatusEventListener): () => void;
  // The log as it is now, to persist.
  snapshot(): EventLogSnapshot;
}

// An event log resumed from `initial` (as persisted), keeping at most `capacity` events. A listener that
// throws does not stop the others; its error goes to `onListenerError` (default: thrown after all ran).
export function createEventLog(
  initial: EventLogSnapshot,
  capacity: number,
  onListenerError?: (error: unknown, event: StatusEvent) => void,
): EventLog {
  const keep = Math.max(1, Math.floor(capacity));
  const events = [...initial.events].sort((a, b) => a.id - b.id).slice(-keep);
  const highestId = events.at(-1)?.id ?? 0;
  let nextId = Math.max(initial.nextId, highestId + 1, 1);
  const listeners = new Set<StatusEventListener>();

  const tell = (event: StatusEvent) => {
    const errors: unknown[] = [];
    for (const listener of [...listeners]) {
      try {
        listener(event);
      } catch (error) {
        if (onListenerError) onListenerError(error, event);
        else errors.push(error);
      }
    }
    if (errors.length > 0) throw errors[0];
  };

  return {
    append(draft) {
      // The id first (as it reads in JSON), and never one the draft may carry.
      const event = { id: 0, ...draft } as StatusEvent;
      event.id = nextId++;
      events.push(event);
      if (events.length > keep) events.splice(0, events.length - keep);
      tell(event);
      return event;
    },
    since(lastId) {
      if (!Number.isFinite(lastId) || lastId >= nextId) return [...events];
      return events.filter((event) => event.id > lastId);
    },
    subscribe(listener) {
      listeners.add(listener);
      return () => {
        listeners.delete(listener);
      };
    },
    snapshot() {
      return { nextId, events: [...events] };
    },
  };
}
