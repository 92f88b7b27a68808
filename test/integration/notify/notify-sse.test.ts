// How `npu-watch notify` reads an event stream (eventsource-parser), on real SSE streams written by a
// scripted server: ids with and without data, retry, comments, multi-line data, events split across
// chunks (mid-line and mid-character), a malformed event, an event cut off by the end of the stream.
import fs from 'node:fs';
import type http from 'node:http';
import { afterEach, describe, expect, it } from 'vitest';
import { formatSseEvent } from '../../../src/http/events.js';
import type { StatusEvent } from '../../../src/status/types.js';
import { listen, runCleanups, startNotify, tempLastIdFile, type RunningNotify } from '../../helpers/notify-run.js';
import { startedWorking, stoppedWorking, withId } from '../../helpers/status-events.js';
import { waitUntil } from '../../helpers/wait.js';

afterEach(runCleanups);

// One request as the scripted server saw it, with the response to write the stream to.
interface Connection {
  lastEventId: string | undefined;
  response: http.ServerResponse;
}

// A server answering /events with 200 text/event-stream and handing each connection to the test.
async function scriptedServer() {
  const connections: Connection[] = [];
  const server = await listen((request, response) => {
    response.writeHead(200, { 'Content-Type': 'text/event-stream' });
    response.flushHeaders();
    connections.push({ lastEventId: request.headers['last-event-id'] as string | undefined, response });
  });
  return { ...server, connections, connection: (index: number) => waitUntil(() => connections[index]) };
}

// A notifier whose reconnect waits an hour unless the server says otherwise (`retry:`).
function slowToReconnect(url: string, file = tempLastIdFile()): RunningNotify {
  return startNotify(url, file, { backoffInitialMs: 3_600_000, backoffMaxMs: 3_600_000, minIntervalMs: 0 });
}

const event = (id: number, device: string): StatusEvent => withId(id, startedWorking(device));
const ids = (notify: RunningNotify) => notify.shown.map((shown) => `${shown.id} ${shown.device}`);

describe('npu-watch notify on real event streams', () => {
  it('ignores comments and shows the event after them', async () => {
    const server = await scriptedServer();
    const notify = slowToReconnect(server.url);
    const { response } = await server.connection(0);
    response.write(': hello\n\n: keepalive\n\n');
    response.write(formatSseEvent(event(1, 'NPU')));
    await waitUntil(() => notify.shown.length === 1);
    expect(ids(notify)).toEqual(['1 NPU']);
    expect(notify.lines.filter((line) => line.level === 'warn')).toEqual([]);
  });

  it('reads an event whose JSON spans several data lines (joined with newlines), with CRLF line ends', async () => {
    const server = await scriptedServer();
    const notify = slowToReconnect(server.url);
    const { response } = await server.connection(0);
    const pretty = JSON.stringify(event(7, 'NPU'), null, 2);
    response.write(`id: 7\r\nevent: started_working\r\n${pretty.split('\n').map((line) => `data: ${line}\r\n`).join('')}\r\n`);
    await waitUntil(() => notify.shown.length === 1);
    expect(notify.shown[0]).toEqual(event(7, 'NPU'));
  });

  it('reads an event split across chunks, mid-line and inside a multi-byte character', async () => {
    const server = await scriptedServer();
    const notify = slowToReconnect(server.url);
    const { response } = await server.connection(0);
    const second = { ...event(2, 'NPU'), summary: 'NPU started working ✓ ünïcödé' };
    const bytes = Buffer.from(formatSseEvent(event(1, 'GPU')) + formatSseEvent(second));
    // Cut inside the 3-byte "✓": the first part ends with the first event and half of the second.
    const cut = bytes.indexOf(Buffer.from('✓')) + 1;
    response.write(bytes.subarray(0, cut));
    // The first event shown means the first part was read; the rest arrives as a chunk of its own.
    await waitUntil(() => notify.shown.length === 1);
    response.write(bytes.subarray(cut));
    await waitUntil(() => notify.shown.length === 2);
    expect(notify.shown[1]).toEqual(second);
  });

  it('skips a malformed event with a clear log line and shows the next one', async () => {
    const server = await scriptedServer();
    const notify = slowToReconnect(server.url);
    const { response } = await server.connection(0);
    const broken = { ...event(1, 'NPU'), detail: { tokens_per_second: 27.1 } };
    response.write(`id: 1\nevent: started_working\ndata: ${JSON.stringify(broken)}\n\n`);
    response.write(formatSseEvent(withId(2, stoppedWorking('NPU'))));
    await waitUntil(() => notify.shown.length === 1);
    expect(ids(notify)).toEqual(['2 NPU']);
    expect(notify.lines.filter((line) => line.level === 'warn').map((line) => line.message)).toEqual([
      `ignoring a message from ${server.url}/events: event 1 is not a status event: detail.result: Invalid option: expected one of "ok"|"runtime_missing"|"device_missing"|"permission_denied"|"compile_error"|"compile_crash"|"infer_error"|"infer_crash"|"wrong_output"|"timeout"|"skipped"`,
    ]);
  });

  it("follows the server's retry advice and resumes from an id sent without data", async () => {
    const server = await scriptedServer();
    const file = tempLastIdFile();
    const notify = slowToReconnect(server.url, file);
    const first = await server.connection(0);
    // The daemon's position moves to 41 without an event to show; it asks for a 20 ms reconnect, then
    // ends the stream with an event cut off before its blank line (which must not be shown).
    first.response.write('retry: 20\n\nid: 41\n\n');
    first.response.end(`id: 42\ndata: ${JSON.stringify(event(42, 'NPU'))}\n`);
    // An hour's backoff otherwise: the reconnect comes this soon only because of `retry:`.
    const second = await server.connection(1);
    expect(second.lastEventId).toBe('41');
    expect(fs.readFileSync(file, 'utf8')).toBe('41\n');
    expect(notify.lines.find((line) => line.message.startsWith('lost the connection'))?.object.retryInMs).toBe(20);
    second.response.write(formatSseEvent(event(43, 'NPU')));
    await waitUntil(() => notify.shown.length === 1);
    expect(ids(notify)).toEqual(['43 NPU']);
  });
});
