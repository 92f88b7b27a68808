import os from 'node:os';
import type { Config } from '../config.js';
import { createCommandRunner } from '../host/runner.js';
import { formatAddress } from '../host/address.js';
import type { BasicLogger } from '../log.js';
import { createDesktopNotifier } from '../notify/desktop.js';
import { defaultLastIdFile, fileLastIdStore } from '../notify/last-id.js';
import { createNotifier, type NotifierClock } from '../notify/notifier.js';
import { createSseParser, type SseMessage } from '../notify/parse-sse.js';
import type { StatusEvent, StatusEventKind } from '../status/types.js';

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
  // Reconnect backoff: first wait and cap (default 1 s → 60 s, doubling; reset after a successful connect).
  backoffInitialMs?: number;
  backoffMaxMs?: number;
  // A connection that delivers nothing (not even the daemon's 15 s keepalive) for this long is dropped (default 45 s).
  idleTimeoutMs?: number;
  clock?: NotifierClock;
  env?: NodeJS.ProcessEnv;
}

const KINDS: ReadonlySet<string> = new Set<StatusEventKind>([
  'started_working',
  'stopped_working',
  'failing_differently',
  'component_changed',
  'slower_than_expected',
]);

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

// A status event from one SSE message's data, or the reason it is not one.
export function parseEventData(message: SseMessage): StatusEvent | string {
  let value: unknown;
  try {
    value = JSON.parse(message.data);
  } catch {
    return `event ${message.id || '?'} is not JSON`;
  }
  const event = value as Partial<StatusEvent> | null;
  if (!event || typeof event !== 'object') return `event ${message.id || '?'} is not an object`;
  if (typeof event.id !== 'number' || !Number.isSafeInteger(event.id) || event.id < 0) return `event ${message.id || '?'} has no numeric id`;
  if (typeof event.kind !== 'string' || !KINDS.has(event.kind)) return `event ${event.id} has an unknown kind ${JSON.stringify(event.kind)}`;
  return {
    id: event.id,
    kind: event.kind,
    device: typeof event.device === 'string' ? event.device : null,
    at: typeof event.at === 'number' ? event.at : Date.now(),
    summary: typeof event.summary === 'string' ? event.summary : '',
    detail: event.detail && typeof event.detail === 'object' ? event.detail : {},
  };
}

type Outcome = { connected: boolean; reason: string };

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
      const response = await fetch(url, { headers, signal: connection.signal });
      if (!response.ok || !response.body) {
        const text = (await response.text().catch(() => '')).trim().split('\n')[0] ?? '';
        return { connected, reason: `HTTP ${response.status}${text ? `: ${text}` : ''}` };
      }
      const type = response.headers.get('content-type') ?? '';
      if (!type.startsWith('text/event-stream')) {
        await response.body.cancel().catch(() => undefined);
        return { connected, reason: `${url} answered ${type || 'no content type'}, not an event stream (is that npu-watch?)` };
      }
      connected = true;
      delay = initialBackoff;
      if (!everConnected) log.info({ url, lastEventId: position }, `connected to ${url}`);
      else log.info({ url, lastEventId: position }, `reconnected to ${url}${position !== null ? ` (Last-Event-ID ${position})` : ''}`);
      everConnected = true;
      const parser = createSseParser(position !== null ? String(position) : '');
      const handle = (messages: SseMessage[]) => {
        for (const message of messages) {
          const event = parseEventData(message);
          if (typeof event === 'string') log.warn({ url }, `ignoring a message from ${url}: ${event}`);
          else notifier.offer(event);
        }
        const at = /^\d{1,15}$/.test(parser.lastEventId) ? Number(parser.lastEventId) : null;
        if (at !== null) notifier.markSeen(at);
      };
      for await (const chunk of response.body) {
        armIdle();
        handle(parser.push(chunk));
      }
      handle(parser.end());
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
    await sleep(delay, options.signal);
    delay = Math.min(delay * 2, maxBackoff);
  }
  await notifier.close();
  log.info({ url, lastEventId: notifier.position() }, 'stopped following events');
  return 0;
}

function sleep(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    if (signal.aborted) {
      resolve();
      return;
    }
    const done = () => {
      clearTimeout(timer);
      signal.removeEventListener('abort', done);
      resolve();
    };
    const timer = setTimeout(done, ms);
    signal.addEventListener('abort', done, { once: true });
  });
}
