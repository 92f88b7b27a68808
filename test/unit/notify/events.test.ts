import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { eventsHandler, formatSseEvent, type StatusEventSource } from '../../../src/http/events.js';
import type { StatusEvent } from '../../../src/status/types.js';
import { countedEventLog } from '../../helpers/event-log-source.js';
import { openRawStream as open } from '../../helpers/sse-stream.js';
import { startedWorking, stoppedWorking, withId } from '../../helpers/status-events.js';
import { waitUntil } from '../../helpers/wait.js';

const quiet = { debug() {}, info() {}, warn() {}, error() {} };

// Event `id`: the NPU (or `device`) started working, as the status machine words it.
const event = (id: number, device = 'NPU'): StatusEvent => withId(id, startedWorking(device));

const servers: http.Server[] = [];
afterEach(async () => {
  for (const server of servers.splice(0)) {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  }
});

async function serve(hub: StatusEventSource, keepaliveMs?: number): Promise<string> {
  const handler = eventsHandler(hub, quiet, { keepaliveMs });
  const server = http.createServer((request, response) => {
    if ((request.url ?? '').startsWith('/events')) handler(request, response);
    else response.writeHead(404).end();
  });
  servers.push(server);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

describe('formatSseEvent', () => {
  it('frames an event as id, event (the kind) and one JSON data line', () => {
    const text = formatSseEvent(event(3));
    expect(text).toBe(`id: 3\nevent: started_working\ndata: ${JSON.stringify(event(3))}\n\n`);
    expect(text.split('\n').filter((line) => line.startsWith('data:'))).toHaveLength(1);
  });
});

describe('eventsHandler', () => {
  it('replays what came after Last-Event-ID, then streams live events, with SSE headers', async () => {
    const hub = countedEventLog([event(1), event(2), event(3)]);
    const base = await serve(hub);
    const stream = open(`${base}/events`, { 'Last-Event-ID': '1' });
    const response = await stream.response;
    expect(response.statusCode).toBe(200);
    expect(response.headers['content-type']).toMatch(/^text\/event-stream/);
    expect(response.headers['cache-control']).toBe('no-cache');
    await stream.waitFor('id: 3\n');
    const live = hub.append(stoppedWorking('GPU'));
    await stream.waitFor('id: 4\n');
    expect(stream.text()).toBe(formatSseEvent(event(2)) + formatSseEvent(event(3)) + formatSseEvent(live));
    stream.close();
  });

  it('takes ?lastEventId= when there is no header, and the header when there are both', async () => {
    const hub = countedEventLog([event(1), event(2), event(3)]);
    const base = await serve(hub);
    const byQuery = open(`${base}/events?lastEventId=2`);
    await byQuery.waitFor('id: 3\n');
    expect(byQuery.text()).toBe(formatSseEvent(event(3)));
    const both = open(`${base}/events?lastEventId=2`, { 'Last-Event-ID': '0' });
    await both.waitFor('id: 3\n');
    expect(both.text()).toBe(formatSseEvent(event(1)) + formatSseEvent(event(2)) + formatSseEvent(event(3)));
    byQuery.close();
    both.close();
  });

  it('without a position it replays nothing but tells the client the latest id', async () => {
    const hub = countedEventLog([event(1), event(2)]);
    const base = await serve(hub);
    const stream = open(`${base}/events`);
    await stream.waitFor('id: 2\n\n');
    const live = hub.append(stoppedWorking());
    await stream.waitFor('id: 3\n');
    expect(stream.text()).toBe(`id: 2\n\n${formatSseEvent(live)}`);
    stream.close();
  });

  it('replays everything kept to a client whose id the log never gave (it is from before a state reset)', async () => {
    const base = await serve(countedEventLog([event(1), event(2)]));
    const stream = open(`${base}/events`, { 'Last-Event-ID': '57' });
    await stream.waitFor('id: 2\n');
    expect(stream.text()).toBe(formatSseEvent(event(1)) + formatSseEvent(event(2)));
    stream.close();
  });

  it('answers 400 with a clear message to a malformed Last-Event-ID', async () => {
    const hub = countedEventLog();
    const base = await serve(hub);
    for (const bad of ['abc', '-1', '1.5', '']) {
      const response = await fetch(`${base}/events`, { headers: { 'Last-Event-ID': bad } });
      expect(response.status, bad).toBe(400);
      expect(await response.text()).toMatch(/Last-Event-ID header ".*" is not an event id: expected a non-negative integer/);
    }
    const response = await fetch(`${base}/events?lastEventId=x`);
    expect(response.status).toBe(400);
    expect(await response.text()).toMatch(/lastEventId parameter "x" is not an event id/);
    expect(hub.subscribers()).toBe(0);
  });

  it('sends keepalive comments and unsubscribes when the client goes away', async () => {
    const hub = countedEventLog();
    const base = await serve(hub, 50);
    const stream = open(`${base}/events`);
    await stream.waitFor(': keepalive\n\n: keepalive\n\n');
    expect(hub.subscribers()).toBe(1);
    stream.close();
    await waitUntil(() => hub.subscribers() === 0);
  });

  it('sends each event once when a live event overlaps the replay', async () => {
    let listener: ((e: StatusEvent) => void) | undefined;
    const source = {
      // The live event 3 arrives while the replay (which also has 3) is being read.
      since: () => {
        listener?.(event(3));
        return [event(2), event(3)];
      },
      subscribe: (l: (e: StatusEvent) => void) => {
        listener = l;
        return () => (listener = undefined);
      },
    };
    const handler = eventsHandler(source, quiet);
    const server = http.createServer(handler);
    servers.push(server);
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const stream = open(`http://127.0.0.1:${(server.address() as AddressInfo).port}/events`, { 'Last-Event-ID': '1' });
    await stream.waitFor('id: 3\n');
    listener?.(event(4));
    await stream.waitFor('id: 4\n');
    expect(stream.text().match(/^id: \d+$/gm)).toEqual(['id: 2', 'id: 3', 'id: 4']);
    stream.close();
  });
});
