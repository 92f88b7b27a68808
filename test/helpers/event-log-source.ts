import { createEventLog, type EventLog } from '../../src/status/event-log.js';
import type { StatusEvent, StatusEventDraft } from '../../src/status/types.js';

// The daemon's real EventLog, as /events serves it, that also counts its subscribers (the /events clients
// connected), so a test can see a client leave.
export interface CountedEventLog extends EventLog {
  subscribers(): number;
}

// An EventLog holding `initial` (ids as given; the next event gets the id after the last one).
export function countedEventLog(initial: StatusEvent[] = [], capacity = 200): CountedEventLog {
  const log = createEventLog({ nextId: 1, events: initial }, capacity);
  let subscribers = 0;
  return {
    ...log,
    subscribe(listener) {
      subscribers++;
      const unsubscribe = log.subscribe(listener);
      let subscribed = true;
      return () => {
        if (subscribed) subscribers--;
        subscribed = false;
        unsubscribe();
      };
    },
    subscribers: () => subscribers,
  };
}

// Appends each draft in turn and returns the events as the log numbered them.
export function appendAll(log: EventLog, drafts: StatusEventDraft[]): StatusEvent[] {
  return drafts.map((draft) => log.append(draft));
}
