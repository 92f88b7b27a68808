import { notificationKey } from './desktop-notification.js';
import { systemClock, type Clock } from '../host/clock.js';
import type { BasicLogger } from '../log.js';
import { STATUS_EVENT_KINDS, type StatusEvent, type StatusEventKind } from '../status/types.js';
import type { LastIdStore } from './last-id.js';

// Time as the notifier sees it: the Clock, plus the timers that release held notifications (tests inject
// a fake one that moves only when told).
export interface NotifierClock extends Clock {
  setTimeout(callback: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
}

// The system clock with real timers (unref'd: a held notification does not keep a finished process alive).
export const systemNotifierClock: NotifierClock = {
  ...systemClock,
  setTimeout: (callback, ms) => setTimeout(callback, ms).unref(),
  clearTimeout: (handle) => clearTimeout(handle as NodeJS.Timeout),
};

// What the notifier needs: how to show an event, where the last id is kept, the rate limit, a clock.
export interface NotifierDeps {
  // Shows one event; `folded` counts earlier events of the same device it stands for. Should not throw
  // (a rejection is logged and the event counts as handled).
  show(event: StatusEvent, folded: number): Promise<unknown>;
  // Where the last handled id lives across restarts.
  store: LastIdStore;
  // At most one notification per device this often (default 60 s; 0 turns rate limiting off).
  minIntervalMs?: number;
  clock?: NotifierClock;
  log: BasicLogger;
}

// Dedupes, rate-limits and shows status events.
export interface Notifier {
  // Offers an event: shown now, held by the rate limit, or ignored when its id was already handled.
  offer(event: StatusEvent): void;
  // Records that the stream is at `id` without an event to show (an SSE `id:` line without data).
  markSeen(id: number): void;
  // The highest id handled or seen (what a reconnect sends as Last-Event-ID); null when none is known.
  position(): number | null;
  // Resolves once every notification decided so far has been delivered (held ones excepted).
  idle(): Promise<void>;
  // Stops: shows the held events now (so a device's latest state is not lost), waits for deliveries.
  close(): Promise<void>;
}

interface Held {
  event: StatusEvent;
  folded: number;
  timer: unknown;
}

// The notifier. Dedupe: an event whose id is ≤ the highest id already handled is ignored; that id is
// persisted (after each delivery) so a restart shows nothing twice. Rate limit, per device (the
// `device`, or "host" for events without one): after a notification, the device's next events within
// `minIntervalMs` are held; a newer one replaces the held one (latest state wins; the replaced one is
// dropped with a debug line and counted as "folded" in the notification that is finally shown), and the
// held event is shown when the interval ends. A held event lives in memory only: close() shows it; a
// crash loses it rather than risk showing anything twice (unless no later event was persisted, in which
// case the daemon replays it on the next connection).
export function createNotifier(deps: NotifierDeps): Notifier {
  const minIntervalMs = deps.minIntervalMs ?? 60_000;
  const clock = deps.clock ?? systemNotifierClock;
  const log = deps.log;
  let persisted = deps.store.load();
  let seen = persisted;
  const lastShownAt = new Map<string, number>();
  const held = new Map<string, Held>();
  let queue: Promise<void> = Promise.resolve();
  let closed = false;

  const persist = (id: number): void => {
    if (persisted !== null && id <= persisted) return;
    persisted = id;
    deps.store.save(id);
  };

  const deliver = (key: string, event: StatusEvent, folded: number): void => {
    lastShownAt.set(key, clock.now());
    queue = queue
      .then(() => deps.show(event, folded))
      .catch((error: unknown) => log.warn({ err: error, event: event.id }, 'showing a notification failed'))
      .then(() => persist(event.id));
  };

  const release = (key: string): void => {
    const entry = held.get(key);
    if (!entry) return;
    held.delete(key);
    deliver(key, entry.event, entry.folded);
  };

  const notifier: Notifier = {
    offer(event) {
      // A version change alone is no desktop news: the started/stopped/failing-differently notifications
      // name the versions that changed; the change itself is in /events, the journal and the webhook.
      if (!SHOWN_ON_DESKTOP.has(event.kind)) {
        log.debug({ event: event.id, kind: event.kind }, `event ${event.id} (${event.kind}) is not shown on the desktop`);
        notifier.markSeen(event.id);
        return;
      }
      if (closed) {
        log.debug({ event: event.id }, 'notifier closed; event not shown');
        return;
      }
      if (seen !== null && event.id <= seen) {
        log.debug({ event: event.id, last: seen }, `event ${event.id} already handled; not shown again`);
        return;
      }
      seen = event.id;
      const key = notificationKey(event);
      const entry = held.get(key);
      if (entry) {
        log.debug(
          { event: entry.event.id, by: event.id, device: key },
          `event ${entry.event.id} (${entry.event.kind}) superseded by ${event.id} (${event.kind}) within the rate limit; latest state wins`,
        );
        entry.event = event;
        entry.folded += 1;
        return;
      }
      const last = lastShownAt.get(key);
      const now = clock.now();
      if (minIntervalMs > 0 && last !== undefined && now - last < minIntervalMs) {
        const wait = last + minIntervalMs - now;
        log.debug({ event: event.id, device: key, waitMs: wait }, `rate limit: event ${event.id} for ${key} held for ${wait} ms`);
        held.set(key, { event, folded: 0, timer: clock.setTimeout(() => release(key), wait) });
        return;
      }
      deliver(key, event, 0);
    },
    markSeen(id) {
      if (seen !== null && id <= seen) return;
      seen = id;
      if (held.size === 0) queue = queue.then(() => persist(id));
    },
    position: () => seen,
    idle: () => queue,
    async close() {
      closed = true;
      for (const [key, entry] of [...held]) {
        clock.clearTimeout(entry.timer);
        release(key);
      }
      await queue;
    },
  };
  return notifier;
}

// The event kinds that become desktop notifications: all but a version change on its own.
const SHOWN_ON_DESKTOP: ReadonlySet<StatusEventKind> = new Set(STATUS_EVENT_KINDS.filter((kind) => kind !== 'component_changed'));
