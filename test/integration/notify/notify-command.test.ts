import fs from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { parseCommandLine, UsageError } from '../../../src/cli/args.js';
import { eventsUrl, parseEventData, runNotify } from '../../../src/commands/notify.js';
import type { Config } from '../../../src/config.js';
import { createEventHub, eventsHandler, type EventHub } from '../../../src/http/events.js';
import type { StatusEvent } from '../../../src/status/types.js';

const CONFIG = { http: { listen: { host: '127.0.0.1', port: 9464 } } } as unknown as Config;

function event(id: number, device = `DEV${id}`): StatusEvent {
  return { id, kind: 'started_working', device, at: Date.now(), summary: `${device} started working`, detail: {} };
}

interface Line {
  level: string;
  message: string;
  object: Record<string, unknown>;
}

function capturingLog() {
  const lines: Line[] = [];
  const at = (level: string) => (object: unknown, message?: string) =>
    void lines.push({ level, message: message ?? (typeof object === 'string' ? object : ''), object: typeof object === 'object' && object ? (object as Record<string, unknown>) : {} });
  return { lines, log: { debug: at('debug'), info: at('info'), warn: at('warn'), error: at('error') } };
}

async function until<T>(check: () => T | undefined | false, what: string, timeoutMs = 5_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = check();
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

// A stand-in daemon: /events from a hub; it remembers each request's Last-Event-ID.
async function startDaemon(hub: EventHub, port = 0) {
  const handler = eventsHandler(hub, { debug() {}, info() {}, warn() {}, error() {} });
  const lastEventIds: Array<string | undefined> = [];
  const server = http.createServer((request, response) => {
    lastEventIds.push(request.headers['last-event-id'] as string | undefined);
    handler(request, response);
  });
  await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    port: (server.address() as AddressInfo).port,
    lastEventIds,
    async stop() {
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
    },
  };
}

const cleanups: Array<() => Promise<void> | void> = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

function tempFile(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'npu-watch-notify-'));
  cleanups.push(() => fs.rmSync(dir, { recursive: true, force: true }));
  return path.join(dir, 'state', 'notify-last-id');
}

function start(url: string, lastIdFile: string, extra: Partial<Parameters<typeof runNotify>[2]> = {}) {
  const stop = new AbortController();
  const shown: StatusEvent[] = [];
  const { lines, log } = capturingLog();
  const done = runNotify(CONFIG, log, {
    url,
    lastIdFile,
    signal: stop.signal,
    show: async (shownEvent) => void shown.push(shownEvent),
    backoffInitialMs: 50,
    backoffMaxMs: 400,
    ...extra,
  });
  const stopNotify = async (): Promise<number> => {
    stop.abort();
    return done;
  };
  cleanups.push(async () => {
    stop.abort();
    await done;
  });
  return { shown, lines, stop: stopNotify, done, messages: () => lines.filter((line) => line.level !== 'debug').map((line) => line.message) };
}

describe('npu-watch notify command line', () => {
  it('takes --url and --config, and nothing else', () => {
    expect(parseCommandLine(['notify'])).toEqual({ name: 'notify', config: undefined, url: undefined });
    expect(parseCommandLine(['notify', '--url', 'http://127.0.0.1:10461', '--config', 'c.toml'])).toEqual({
      name: 'notify',
      config: 'c.toml',
      url: 'http://127.0.0.1:10461',
    });
    expect(() => parseCommandLine(['notify', '--json'])).toThrow(new UsageError('option --json does not apply to notify'));
    expect(() => parseCommandLine(['notify', '--url', 'localhost:1'])).toThrow(/--url "localhost:1" is not an http:\/\/ or https:\/\/ URL/);
  });
});

describe('eventsUrl', () => {
  it('uses --url (base or /events), else the listen address, with loopback for an unspecified address', () => {
    expect(eventsUrl(CONFIG, 'http://h:1')).toBe('http://h:1/events');
    expect(eventsUrl(CONFIG, 'http://h:1/')).toBe('http://h:1/events');
    expect(eventsUrl(CONFIG, 'http://h:1/events')).toBe('http://h:1/events');
    expect(eventsUrl(CONFIG)).toBe('http://127.0.0.1:9464/events');
    expect(eventsUrl({ http: { listen: { host: '0.0.0.0', port: 5 } } } as unknown as Config)).toBe('http://127.0.0.1:5/events');
    expect(eventsUrl({ http: { listen: { host: '::', port: 5 } } } as unknown as Config)).toBe('http://[::1]:5/events');
  });
});

describe('parseEventData', () => {
  it('accepts a status event and explains what is wrong with anything else', () => {
    const one = event(1);
    expect(parseEventData({ id: '1', event: 'started_working', data: JSON.stringify(one) })).toEqual(one);
    expect(parseEventData({ id: '1', event: 'x', data: '{' })).toBe('event 1 is not JSON');
    expect(parseEventData({ id: '1', event: 'x', data: '{"id":"1"}' })).toBe('event 1 has no numeric id');
    expect(parseEventData({ id: '1', event: 'x', data: '{"id":1,"kind":"exploded"}' })).toBe('event 1 has an unknown kind "exploded"');
  });
});

describe('runNotify', () => {
  it('shows each event once, persists the last id, reconnects with Last-Event-ID after the daemon restarts', async () => {
    const hub = createEventHub({ initial: [event(1), event(2)] });
    let daemon = await startDaemon(hub);
    cleanups.push(() => daemon.stop());
    const file = tempFile();
    const notify = start(daemon.url, file);

    await until(() => hub.subscribers() === 1, 'a subscriber');
    // A first connection without a saved position replays nothing: old news is not shown.
    expect(daemon.lastEventIds).toEqual([undefined]);
    hub.publish(event(3));
    hub.publish(event(4));
    await until(() => notify.shown.length === 2, 'two notifications');
    await until(() => fs.existsSync(file) && fs.readFileSync(file, 'utf8') === '4\n', 'the persisted id');

    // The daemon goes away; events happen meanwhile; it comes back on the same port.
    await daemon.stop();
    await until(() => notify.messages().some((message) => message.startsWith('lost the connection')), 'the "lost" line');
    hub.publish(event(5));
    daemon = await startDaemon(hub, daemon.port);
    await until(() => notify.shown.length === 3, 'the missed event');
    expect(daemon.lastEventIds).toEqual(['4']);
    expect(notify.shown.map((shown) => shown.id)).toEqual([3, 4, 5]);

    expect(await notify.stop()).toBe(0);
    const messages = notify.messages();
    expect(messages.filter((message) => /^(connected|lost|reconnected|cannot reach)/.test(message))).toEqual([
      `connected to ${daemon.url}/events`,
      `lost the connection to ${daemon.url}/events: ${notify.lines.find((line) => line.message.startsWith('lost'))?.object.reason}; reconnecting`,
      `reconnected to ${daemon.url}/events (Last-Event-ID 4)`,
    ]);
    expect(fs.readFileSync(file, 'utf8')).toBe('5\n');
  });

  it('a restarted notifier starts from the persisted id: replays what it missed, repeats nothing', async () => {
    const hub = createEventHub({ initial: [event(1), event(2), event(3)] });
    const daemon = await startDaemon(hub);
    cleanups.push(() => daemon.stop());
    const file = tempFile();
    fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.writeFileSync(file, '2\n');
    const notify = start(daemon.url, file);
    await until(() => notify.shown.length === 1, 'the missed event');
    expect(daemon.lastEventIds).toEqual(['2']);
    expect(notify.shown.map((shown) => shown.id)).toEqual([3]);
    await notify.stop();
  });

  it('backs off exponentially while the daemon is down (capped), logging the outage once', async () => {
    const hub = createEventHub();
    const daemon = await startDaemon(hub);
    const port = daemon.port;
    await daemon.stop();
    const notify = start(`http://127.0.0.1:${port}`, tempFile(), { backoffInitialMs: 20, backoffMaxMs: 100 });
    await until(() => notify.lines.filter((line) => line.message === 'still cannot reach the daemon').length >= 5, 'five retries', 10_000);
    const waits = notify.lines.filter((line) => line.message === 'still cannot reach the daemon').map((line) => line.object.retryInMs);
    expect(waits.slice(0, 5)).toEqual([40, 80, 100, 100, 100]);
    expect(notify.messages().filter((message) => message.startsWith('cannot reach'))).toHaveLength(1);
    expect(notify.messages()[1]).toMatch(/^cannot reach npu-watch at .*: connect ECONNREFUSED .*; retrying with backoff$/);
    expect(await notify.stop()).toBe(0);
  });

  it('treats a non-SSE answer as a failed connection', async () => {
    const server = http.createServer((_request, response) => response.writeHead(404, { 'Content-Type': 'text/plain' }).end('not found: /events\n'));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    cleanups.push(() => new Promise((resolve) => server.close(() => resolve())));
    const notify = start(`http://127.0.0.1:${(server.address() as AddressInfo).port}`, tempFile());
    await until(() => notify.messages().find((message) => message.startsWith('cannot reach')), 'the failure line');
    expect(notify.messages().find((message) => message.startsWith('cannot reach'))).toMatch(/: HTTP 404: not found: \/events; retrying/);
    await notify.stop();
  });

  it('drops a connection that goes silent and reconnects', async () => {
    let requests = 0;
    const server = http.createServer((_request, response) => {
      requests++;
      response.writeHead(200, { 'Content-Type': 'text/event-stream' });
      response.flushHeaders();
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    cleanups.push(() => {
      server.closeAllConnections();
      return new Promise((resolve) => server.close(() => resolve()));
    });
    const notify = start(`http://127.0.0.1:${(server.address() as AddressInfo).port}`, tempFile(), { idleTimeoutMs: 100 });
    await until(() => requests >= 2, 'a reconnect');
    expect(notify.messages().find((message) => message.startsWith('lost'))).toMatch(/nothing received for 0.1 s; reconnecting$/);
    await notify.stop();
  });

  it('on stop, shows a notification still held by the rate limit, then returns 0', async () => {
    const hub = createEventHub();
    const daemon = await startDaemon(hub);
    cleanups.push(() => daemon.stop());
    const notify = start(daemon.url, tempFile(), { minIntervalMs: 60_000 });
    await until(() => hub.subscribers() === 1, 'a subscriber');
    hub.publish(event(1, 'NPU'));
    hub.publish({ ...event(2, 'NPU'), kind: 'stopped_working' });
    await until(() => notify.shown.length === 1, 'the first notification');
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(notify.shown).toHaveLength(1);
    expect(await notify.stop()).toBe(0);
    expect(notify.shown.map((shown) => `${shown.id} ${shown.kind}`)).toEqual(['1 started_working', '2 stopped_working']);
  });
});
