// `npu-watch notify` in-process against a stand-in daemon serving the real /events handler over the real
// EventLog: reconnects, Last-Event-ID, backoff, the persisted last id, the rate limit on stop.
import fs from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { parseCommandLine, UsageError } from '../../../src/cli/args.js';
import { eventsUrl, parseEventData } from '../../../src/commands/notify.js';
import type { Config } from '../../../src/config.js';
import { eventsHandler } from '../../../src/http/events.js';
import type { EventLog } from '../../../src/status/event-log.js';
import { countedEventLog } from '../../helpers/event-log-source.js';
import { listen, NOTIFY_CONFIG as CONFIG, runCleanups, startNotify as start, tempLastIdFile as tempFile } from '../../helpers/notify-run.js';
import { componentChanged, startedWorking, stoppedWorking, withId } from '../../helpers/status-events.js';
import { waitUntil } from '../../helpers/wait.js';

const quiet = { debug() {}, info() {}, warn() {}, error() {} };

// Event `id`: DEV<id> (or `device`) started working.
const event = (id: number, device = `DEV${id}`) => withId(id, startedWorking(device));

// A stand-in daemon: /events from `log`; it remembers each request's Last-Event-ID.
async function startDaemon(log: EventLog, port = 0) {
  const handler = eventsHandler(log, quiet);
  const lastEventIds: Array<string | undefined> = [];
  const server = await listen((request, response) => {
    lastEventIds.push(request.headers['last-event-id'] as string | undefined);
    handler(request, response);
  }, port);
  return { ...server, lastEventIds };
}

afterEach(runCleanups);

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
  it('accepts every kind of status event the daemon makes, as it made it', () => {
    for (const draft of [startedWorking(), stoppedWorking(), componentChanged()]) {
      const one = withId(1, draft);
      expect(parseEventData({ id: '1', event: one.kind, data: JSON.stringify(one) })).toEqual(one);
    }
  });

  it('explains what is wrong with anything else', () => {
    const one = event(1);
    expect(parseEventData({ id: '1', data: '{' })).toBe('event 1 is not JSON');
    expect(parseEventData({ id: '1', data: JSON.stringify({ ...one, id: '1' }) })).toMatch(/^event 1 is not a status event: id: /);
    expect(parseEventData({ id: '1', data: JSON.stringify({ ...one, kind: 'exploded' }) })).toBe(
      'event 1 has an unknown kind "exploded" (is the daemon newer than this notifier?)',
    );
    expect(parseEventData({ data: JSON.stringify({ ...one, detail: { result: 'ok' } }) })).toMatch(/^event \? is not a status event: detail\.signature: /);
  });
});

describe('runNotify', () => {
  it('shows each event once, persists the last id, reconnects with Last-Event-ID after the daemon restarts', async () => {
    const log = countedEventLog([event(1), event(2)]);
    let daemon = await startDaemon(log);
    const file = tempFile();
    const notify = start(daemon.url, file);

    await waitUntil(() => notify.messages().includes(`connected to ${daemon.url}/events`));
    // A first connection without a saved position replays nothing: old news is not shown.
    expect(daemon.lastEventIds).toEqual([undefined]);
    log.append(startedWorking('DEV3'));
    log.append(startedWorking('DEV4'));
    await waitUntil(() => notify.shown.length === 2);
    await waitUntil(() => fs.existsSync(file) && fs.readFileSync(file, 'utf8') === '4\n');

    // The daemon goes away; events happen meanwhile; it comes back on the same port.
    await daemon.stop();
    await waitUntil(() => notify.messages().some((message) => message.startsWith('lost the connection')));
    log.append(startedWorking('DEV5'));
    daemon = await startDaemon(log, daemon.port);
    await waitUntil(() => notify.shown.length === 3);
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
    const daemon = await startDaemon(countedEventLog([event(1), event(2), event(3)]));
    const file = tempFile();
    fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.writeFileSync(file, '2\n');
    const notify = start(daemon.url, file);
    await waitUntil(() => notify.shown.length === 1);
    expect(daemon.lastEventIds).toEqual(['2']);
    expect(notify.shown.map((shown) => shown.id)).toEqual([3]);
    await notify.stop();
  });

  it('backs off exponentially while the daemon is down (capped), logging the outage once', async () => {
    const daemon = await startDaemon(countedEventLog());
    await daemon.stop();
    const notify = start(`http://127.0.0.1:${daemon.port}`, tempFile(), { backoffInitialMs: 20, backoffMaxMs: 100 });
    const retries = () => notify.lines.filter((line) => line.message === 'still cannot reach the daemon');
    await waitUntil(() => retries().length >= 5);
    expect(retries().slice(0, 5).map((line) => line.object.retryInMs)).toEqual([40, 80, 100, 100, 100]);
    expect(notify.messages().filter((message) => message.startsWith('cannot reach'))).toHaveLength(1);
    expect(notify.messages()[1]).toMatch(/^cannot reach npu-watch at .*: connect ECONNREFUSED .*; retrying with backoff$/);
    expect(await notify.stop()).toBe(0);
  });

  it('stops at once during a backoff wait', async () => {
    const daemon = await startDaemon(countedEventLog());
    await daemon.stop();
    // An hour's wait: stop() only returns within this test's time if it ends the wait.
    const notify = start(daemon.url, tempFile(), { backoffInitialMs: 3_600_000, backoffMaxMs: 3_600_000 });
    await waitUntil(() => notify.messages().some((message) => message.startsWith('cannot reach')));
    expect(await notify.stop()).toBe(0);
    expect(notify.messages().at(-1)).toBe('stopped following events');
  });

  it('treats a non-SSE answer as a failed connection', async () => {
    const server = await listen((_request, response) => response.writeHead(404, { 'Content-Type': 'text/plain' }).end('not found: /events\n'));
    const notify = start(server.url, tempFile());
    const failure = await waitUntil(() => notify.messages().find((message) => message.startsWith('cannot reach')));
    expect(failure).toMatch(/: HTTP 404: not found: \/events; retrying/);
    await notify.stop();
  });

  it('drops a connection that goes silent and reconnects', async () => {
    let requests = 0;
    const server = await listen((_request, response) => {
      requests++;
      response.writeHead(200, { 'Content-Type': 'text/event-stream' });
      response.flushHeaders();
    });
    const notify = start(server.url, tempFile(), { idleTimeoutMs: 100 });
    await waitUntil(() => requests >= 2);
    expect(notify.messages().find((message) => message.startsWith('lost'))).toMatch(/nothing received for 0.1 s; reconnecting$/);
    await notify.stop();
  });

  it('on stop, shows a notification still held by the rate limit, then returns 0', async () => {
    const log = countedEventLog();
    const daemon = await startDaemon(log);
    const notify = start(daemon.url, tempFile(), { minIntervalMs: 60_000 });
    await waitUntil(() => notify.messages().includes(`connected to ${daemon.url}/events`));
    log.append(startedWorking('NPU'));
    log.append(stoppedWorking('NPU'));
    // The sentinel: another device, not held. Once it is shown, the NPU's second event was handled (held).
    log.append(startedWorking('CPU'));
    await waitUntil(() => notify.shown.length === 2);
    expect(notify.shown.map((shown) => `${shown.id} ${shown.device} ${shown.kind}`)).toEqual(['1 NPU started_working', '3 CPU started_working']);
    expect(await notify.stop()).toBe(0);
    expect(notify.shown.map((shown) => `${shown.id} ${shown.device} ${shown.kind}`)).toEqual([
      '1 NPU started_working',
      '3 CPU started_working',
      '2 NPU stopped_working',
    ]);
  });
});
