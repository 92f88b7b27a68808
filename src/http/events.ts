import type http from 'node:http';
import type { BasicLogger } from '../log.js';
import type { EventLog } from '../status/event-log.js';
import type { StatusEvent } from '../status/types.js';

// Where /events gets status events: the event log's retained ones after an id (replay), and the live ones.
export type StatusEventSource = Pick<EventLog, 'since' | 'subscribe'>;

// Tuning for /events (tests shorten the keepalive).
export interface EventsHandlerOptions {
  // A `: keepalive` comment this often, so proxies and clients see a live connection (default 15 s).
  keepaliveMs?: number;
  // A client that stops reading is dropped once this much output waits for it (default 1 MiB).
  maxBufferedBytes?: number;
}

// The SSE framing of one status event: `id`, `event` (the kind) and the event as one JSON `data` line.
export function formatSseEvent(event: StatusEvent): string {
  return `id: ${event.id}\nevent: ${event.kind}\ndata: ${JSON.stringify(event)}\n\n`;
}

// The replay position a client asked for: the Last-Event-ID header, else ?lastEventId=; null when
// neither is given; an Error naming the bad value when it is not a non-negative integer.
export function requestedLastEventId(request: http.IncomingMessage): number | null | Error {
  const header = request.headers['last-event-id'];
  let raw: string | undefined;
  let from: string;
  if (header !== undefined) {
    raw = Array.isArray(header) ? header.join(',') : header;
    from = 'Last-Event-ID header';
  } else {
    const url = new URL(request.url ?? '/', 'http://localhost');
    raw = url.searchParams.get('lastEventId') ?? undefined;
    from = 'lastEventId parameter';
  }
  if (raw === undefined) return null;
  const value = raw.trim();
  if (!/^\d{1,15}$/.test(value)) {
    return new Error(`${from} ${JSON.stringify(raw)} is not an event id: expected a non-negative integer, the id of the last event received`);
  }
  return Number(value);
}

// GET /events: Server-Sent Events of status events. With Last-Event-ID (or ?lastEventId=) it replays
// what the client missed, then streams live events; without, it sends only `id: <latest>` (so the
// client knows where it is) and then live events. Keepalive comments every 15 s; unsubscribes on close.
export function eventsHandler(
  source: StatusEventSource,
  log: BasicLogger,
  options: EventsHandlerOptions = {},
): (request: http.IncomingMessage, response: http.ServerResponse) => void {
  const keepaliveMs = options.keepaliveMs ?? 15_000;
  const maxBufferedBytes = options.maxBufferedBytes ?? 1024 * 1024;
  return (request, response) => {
    const lastEventId = requestedLastEventId(request);
    if (lastEventId instanceof Error) {
      const body = `${lastEventId.message}\n`;
      response.writeHead(400, { 'Content-Type': 'text/plain; charset=utf-8', 'Content-Length': Buffer.byteLength(body) });
      response.end(request.method === 'HEAD' ? undefined : body);
      return;
    }
    response.writeHead(200, {
      'Content-Type': 'text/event-stream; charset=utf-8',
      'Cache-Control': 'no-cache',
      Connection: 'keep-alive',
      'X-Accel-Buffering': 'no',
    });
    if (request.method === 'HEAD') {
      response.end();
      return;
    }
    response.flushHeaders();

    // The highest id written on this connection (to drop the overlap of replay and live events). It starts
    // at 0, not at the client's id: after a reset of the daemon's state the log replays ids below it.
    let lastSent = 0;
    let closed = false;
    const write = (text: string): void => {
      if (closed) return;
      if (response.writableLength > maxBufferedBytes) {
        log.warn({ remote: request.socket.remoteAddress }, '/events client is not reading; dropping it');
        response.destroy();
        return;
      }
      response.write(text);
    };
    const send = (event: StatusEvent): void => {
      if (event.id <= lastSent) return; // already sent (replay and live can overlap)
      lastSent = event.id;
      write(formatSseEvent(event));
    };

    // Subscribe before replaying so nothing emitted in between is lost: live events wait until the
    // replay is written, and `send` drops the overlap.
    let live: StatusEvent[] | null = [];
    const unsubscribe = source.subscribe((event) => (live ? live.push(event) : send(event)));
    try {
      if (lastEventId !== null) {
        for (const event of source.since(lastEventId)) send(event);
      } else {
        const latest = source.since(0).at(-1);
        if (latest && latest.id > lastSent) {
          lastSent = latest.id;
          write(`id: ${latest.id}\n\n`);
        }
      }
    } catch (error) {
      log.error({ err: error }, '/events could not replay events');
    }
    const waiting = live;
    live = null;
    for (const event of waiting) send(event);
    const keepalive = setInterval(() => write(': keepalive\n\n'), keepaliveMs);
    keepalive.unref();
    response.on('close', () => {
      closed = true;
      clearInterval(keepalive);
      unsubscribe();
      log.debug({ remote: request.socket.remoteAddress }, '/events client left');
    });
    log.debug({ remote: request.socket.remoteAddress, lastEventId }, '/events client connected');
  };
}
