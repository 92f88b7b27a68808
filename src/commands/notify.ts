import os from 'node:os';
import { setTimeout as sleepFor } from 'node:timers/promises';
import { createParser, type EventSourceMessage } from 'eventsource-parser';
import type { Config } from '../config.js';
import { createCommandRunner } from '../host/runner.js';
import { formatAddress } from '../host/address.js';
import { readBody, requestDaemon } from '../http/daemon-client.js';
import type { BasicLogger } from '../log.js';
import { createDesktopNotifier } from '../notify/desktop.js';
import { defaultLastIdFile, fileLastIdStore } from '../notify/last-id.js';
import { createNotifier, type NotifierClock } from '../notify/notifier.js';
import { describeSchemaProblem } from '../status/store-schema.js';
import { STATUS_EVENT_KINDS, statusEventSchema, type StatusEvent } from '../status/types.js';

// How `npu-watch notify` runs; everything but `signal` has a default (tests inject the rest).
export interface NotifyOptions {
  // The daemon's base URL (or its /events URL); default from the config's [http] listen.
  url?: string;
  // Where the last shown id is kept; default $XDG_STATE_HOME/npu-watch/notify-last-id.
  lastIdFile?: string;
  // Aborted on SIGTERM/SIGINT: the command then shows any held notification and returns 0.
  signal: AbortSignal;
  // Shows one event (default: desktop notifications through busctl, else notify-send).
  show?: (event: StatusEvent, folded: number) => Promise<unknown>;
  // Rate limit per device (default 60 s).
  minIntervalMs?: number;
  // Reconnect backoff: first wait and cap (default 1 s → 60 s, doubling; reset after a successful connect, to
  // the daemon's `retry:` when it sent one).
  backoffInitialMs?: number;
  backoffMaxMs?: number;
  // A connection that delivers nothing (not even the daemon's 15 s keepalive) for this long is dropped (default 45 s).
  idleTimeoutMs?: number;
  clock?: NotifierClock;
  env?: NodeJS.ProcessEnv;
}

// The /events URL to follow: --url (a base URL or the /events URL itself), else the daemon's listen address
// (an unspecified address such as 0.0.0.0 means this machine's loopback).
export function eventsUrl(config: Config, url?: string): string {
  if (url) {
    const trimmed = url.replace(/\/+$/, '');
    return /\/events$/.test(new URL(trimmed).pathname) ? trimmed : `${trimmed}/events`;
  }
  const { host, port } = config.http.listen;
  const loopback = host === '0.0.0.0' ? '127.0.0.1' : host === '::' ? '::1' : host;
  return `http://${formatAddress(loopback, port)}/events`;
}

// A status event from one SSE message's data (validated with the status event schema), or the reason it
// is not one.
export function parseEventData(message: EventSourceMessage): StatusEvent | string {
  const name = `event ${message.id || '?'}`;
  let value: unknown;
  try {
    value = JSON.parse(message.data);
  } catch {
    return `${name} is not JSON`;
  }
  const checked = statusEventSchema.safeParse(value);
  if (checked.success) return checked.data;
  const kind = (value as { kind?: unknown } | null)?.kind;
  if (typeof kind === 'string' && !(STATUS_EVENT_KINDS as readonly string[]).includes(kind)) {
    return `${name} has an unknown kind ${JSON.stringify(kind)} (is the daemon newer than this notifier?)`;
  }
  return `${name} is not a status event: ${describeSchemaProblem(checked.error)}`;
}

type Outcome = { connected: boolean; reason: string };

// An event stream that buffers more than this without completing an event is dropped (the daemon's events
// are a few hundred characters).
const MAX_SSE_BUFFER_CHARS = 1024 * 1024;
// Of an error answer (not an event stream), only this much is read, for its first line.
const MAX_ERROR_BODY_BYTES = 64 * 1024;

// `npu-watch notify`: follows the daemon's /events and shows each status event as a desktop notification.
// Reconnects with exponential backoff (sending Last-Event-ID, so nothing is missed or shown twice), logs
// one line per change of connection state, persists the last shown id, and returns 0 once `signal` aborts.
export async function runNotify(config: Config, log: BasicLogger, options: NotifyOptions): Promise<number> {
  const env = options.env ?? process.env;
  const url = eventsUrl(config, options.url);
  const lastIdFile = options.lastIdFile ?? defaultLastIdFile(env, os.homedir());
  const initialBackoff = options.backoffInitialMs ?? 1_000;
  const maxBackoff = options.backoffMaxMs ?? 60_000;
  const idleTimeoutMs = options.idleTimeoutMs ?? 45_000;
  let desktop: ReturnType<typeof createDesktopNotifier> | undefined;
  const show =
    options.show ??
    ((event: StatusEvent, folded: number) => {
      desktop ??= createDesktopNotifier({ runner: createCommandRunner({ timeoutMs: 10_000 }), log });
      return desktop.show(event, folded);
    });
  const notifier = createNotifier({
    show,
    store: fileLastIdStore(lastIdFile, log),
    minIntervalMs: options.minIntervalMs,
    clock: options.clock,
    log,
  });
  log.info({ url, lastIdFile, lastEventId: notifier.position() }, `following ${url}`);

  let everConnected = false;
  // Whether the current outage has been logged (one line per change of state, not per attempt).
  let outageLogged = false;
  let delay = initialBackoff;
  // The daemon's `retry:` advice, once given: the first wait after a connection drops.
  let serverRetryMs: number | null = null;

  const connectOnce = async (): Promise<Outcome> => {
    const connection = new AbortController();
    const onStop = () => connection.abort();
    options.signal.addEventListener('abort', onStop, { once: true });
    let idle: NodeJS.Timeout | undefined;
    const armIdle = () => {
      clearTimeout(idle);
      idle = setTimeout(() => connection.abort(new Error(`nothing received for ${idleTimeoutMs / 1000} s`)), idleTimeoutMs);
    };
    let connected = false;
    try {
      const position = notifier.position();
      const headers: Record<string, string> = { Accept: 'text/event-stream', 'Cache-Control': 'no-cache' };
      // A known position (persisted, or reached on an earlier connection) is sent so the daemon replays
      // what was missed; without one the daemon tells us its latest id and streams live events.
      if (position !== null) headers['Last-Event-ID'] = String(position);
      armIdle();
      const response = await requestDaemon(url, { headers, signal: connection.signal });
      if (response.status < 200 || response.status >= 300) {
        const text = (await readBody(response.body, MAX_ERROR_BODY_BYTES).catch(() => '')).trim().split('\n')[0] ?? '';
        return { connected, reason: `HTTP ${response.status}${text ? `: ${text}` : ''}` };
      }
      const type = response.headers['content-type'] ?? '';
      if (!type.startsWith('text/event-stream')) {
        response.body.destroy();
        return { connected, reason: `${url} answered ${type || 'no content type'}, not an event stream (is that npu-watch?)` };
      }
      connected = true;
      delay = Math.min(serverRetryMs ?? initialBackoff, maxBackoff);
      if (!everConnected) log.info({ url, lastEventId: position }, `connected to ${url}`);
      else log.info({ url, lastEventId: position }, `reconnected to ${url}${position !== null ? ` (Last-Event-ID ${position})` : ''}`);
      everConnected = true;
      // The stream's id: lines (with or without data) move the position; it is recorded once the events
      // parsed with it were offered, so an event is not taken as already seen by its own id.
      let streamId: number | null = null;
      const parser = createParser({
        maxBufferSize: MAX_SSE_BUFFER_CHARS,
        onId: (id) => {
          if (/^\d{1,15}$/.test(id)) streamId = Number(id);
        },
        // `retry:` sets the reconnection time (WHATWG HTML, "Server-sent events", event stream interpretation).
        onRetry: (ms) => {
          serverRetryMs = ms;
          delay = Math.min(ms, maxBackoff);
          log.debug({ url, retryMs: ms }, `the daemon asks to wait ${ms} ms before reconnecting`);
        },
        onEvent: (message) => {
          const event = parseEventData(message);
          if (typeof event === 'string') log.warn({ url }, `ignoring a message from ${url}: ${event}`);
          else notifier.offer(event);
        },
        onError: (error) => {
          if (error.type === 'max-buffer-size-exceeded') connection.abort(new Error(`an event longer than ${MAX_SSE_BUFFER_CHARS} characters`));
        },
      });
      const decoder = new TextDecoder();
      for await (const chunk of response.body as AsyncIterable<Buffer>) {
        armIdle();
        parser.feed(decoder.decode(chunk, { stream: true }));
        if (streamId !== null) notifier.markSeen(streamId);
      }
      // An event cut off without its blank line is dropped (WHATWG HTML, "event stream interpretation").
      parser.reset();
      return { connected, reason: 'the daemon closed the stream' };
    } catch (error) {
      const err = error as Error;
      const reason = connection.signal.reason instanceof Error && !options.signal.aborted ? connection.signal.reason.message : ((err.cause as Error | undefined)?.message ?? err.message);
      return { connected, reason };
    } finally {
      clearTimeout(idle);
      options.signal.removeEventListener('abort', onStop);
      connection.abort();
    }
  };

  while (!options.signal.aborted) {
    const outcome = await connectOnce();
    if (options.signal.aborted) break;
    if (outcome.connected) log.warn({ url, reason: outcome.reason, retryInMs: delay }, `lost the connection to ${url}: ${outcome.reason}; reconnecting`);
    else if (!outageLogged) log.warn({ url, reason: outcome.reason, retryInMs: delay }, `cannot reach npu-watch at ${url}: ${outcome.reason}; retrying with backoff`);
    else log.debug({ url, reason: outcome.reason, retryInMs: delay }, 'still cannot reach the daemon');
    outageLogged = true;
    await sleepFor(delay, undefined, { signal: options.signal }).catch(() => undefined);
    delay = Math.min(delay * 2, maxBackoff);
  }
  await notifier.close();
  log.info({ url, lastEventId: notifier.position() }, 'stopped following events');
  return 0;
}
