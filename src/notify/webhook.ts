import { setTimeout as sleepFor } from 'node:timers/promises';
import type { BasicLogger } from '../log.js';
import type { StatusEvent } from '../status/types.js';
import { VERSION } from '../version.js';

// Where and how hard to post: the URL, per-attempt timeout, retries and backoff.
export interface WebhookOptions {
  url: string;
  log: BasicLogger;
  // Per attempt (default 5 s).
  timeoutMs?: number;
  // Attempts after the first (default 3).
  retries?: number;
  // Wait before the first retry, doubled for each next one (default 1 s: 1, 2, 4 s).
  backoffMs?: number;
  // Events waiting beyond this are dropped, oldest first, with a warning (default 100).
  maxQueue?: number;
  // Injected in tests.
  fetch?: typeof fetch;
  // The wait between attempts; rejects when `signal` aborts (default: timers/promises setTimeout).
  sleep?: (ms: number, signal: AbortSignal) => Promise<unknown>;
}

// Posts status events to a URL.
export interface Webhook {
  // Queues the event and returns at once; never throws, never blocks the caller.
  send(event: StatusEvent): void;
  // Resolves when everything queued so far has been posted or given up on.
  drain(): Promise<void>;
  // Stops: abandons the queue and any attempt in flight.
  close(): void;
}

// The outcome of one attempt: done, worth retrying, or not (a 4xx other than 408/429 will not change).
type Attempt = { ok: true } | { ok: false; retry: boolean; reason: string };

// A webhook: each event is POSTed as its JSON (Content-Type application/json) in order, one at a time;
// network errors, timeouts, 408, 429 and 5xx are retried with exponential backoff; failures are logged
// (one warning per event given up on; the URL without its query or credentials) and never thrown.
// Throws only here, on a URL that is not http(s) (a configuration error).
export function createWebhook(options: WebhookOptions): Webhook {
  const target = new URL(options.url);
  if (target.protocol !== 'http:' && target.protocol !== 'https:') throw new Error(`the webhook URL must be http:// or https://, not ${target.protocol}`);
  if (target.username || target.password) throw new Error('the webhook URL must not include credentials (fetch refuses them); put a token in the path or query');
  // What logs name: tokens often ride in the query string or the userinfo.
  const shownUrl = `${target.origin}${target.pathname}`;
  const timeoutMs = options.timeoutMs ?? 5_000;
  const retries = options.retries ?? 3;
  const backoffMs = options.backoffMs ?? 1_000;
  const maxQueue = options.maxQueue ?? 100;
  const doFetch = options.fetch ?? fetch;
  const sleep = options.sleep ?? ((ms: number, signal: AbortSignal) => sleepFor(ms, undefined, { signal }));
  const stop = new AbortController();
  const queue: StatusEvent[] = [];
  let running: Promise<void> | null = null;
  const log = options.log;

  const attempt = async (body: string): Promise<Attempt> => {
    try {
      const response = await doFetch(options.url, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json', 'User-Agent': `npu-watch/${VERSION}` },
        body,
        signal: AbortSignal.any([stop.signal, AbortSignal.timeout(timeoutMs)]),
      });
      await response.body?.cancel().catch(() => undefined);
      if (response.ok) return { ok: true };
      const retry = response.status >= 500 || response.status === 408 || response.status === 429;
      return { ok: false, retry, reason: `HTTP ${response.status} ${response.statusText}`.trim() };
    } catch (error) {
      const err = error as Error;
      if (err.name === 'TimeoutError') return { ok: false, retry: true, reason: `no answer within ${timeoutMs} ms` };
      const cause = (err.cause as Error | undefined)?.message;
      return { ok: false, retry: true, reason: cause ?? err.message };
    }
  };

  const post = async (event: StatusEvent): Promise<void> => {
    const body = JSON.stringify(event);
    for (let tries = 0; ; tries++) {
      const outcome = await attempt(body);
      if (stop.signal.aborted) return;
      if (outcome.ok) {
        log.debug({ event: event.id, url: shownUrl, attempts: tries + 1 }, 'webhook delivered');
        return;
      }
      if (!outcome.retry || tries >= retries) {
        log.warn(
          { event: event.id, url: shownUrl, attempts: tries + 1 },
          `webhook ${shownUrl} failed for event ${event.id}: ${outcome.reason}; giving up`,
        );
        return;
      }
      const wait = backoffMs * 2 ** tries;
      log.debug({ event: event.id, url: shownUrl, reason: outcome.reason, waitMs: wait }, 'webhook attempt failed; retrying');
      try {
        await sleep(wait, stop.signal);
      } catch {
        return; // closed
      }
    }
  };

  const pump = async (): Promise<void> => {
    for (let event = queue.shift(); event && !stop.signal.aborted; event = queue.shift()) {
      try {
        await post(event);
      } catch (error) {
        log.warn({ err: error, event: event.id }, 'webhook failed');
      }
    }
    running = null;
  };

  return {
    send(event) {
      if (stop.signal.aborted) return;
      queue.push(event);
      if (queue.length > maxQueue) {
        const dropped = queue.shift();
        log.warn({ event: dropped?.id, url: shownUrl }, `webhook queue full (${maxQueue}); dropped event ${dropped?.id}`);
      }
      running ??= pump();
    },
    async drain() {
      while (running) await running;
    },
    close() {
      stop.abort();
      queue.length = 0;
    },
  };
}
