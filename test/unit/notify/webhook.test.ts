import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { createWebhook } from '../../../src/notify/webhook.js';
import { waitUntil } from '../../helpers/wait.js';
import type { StatusEvent } from '../../../src/status/types.js';
import { startedWorking, withId } from '../../helpers/status-events.js';

const EVENT: StatusEvent = withId(7, startedWorking());

interface Received {
  method: string;
  type: string | undefined;
  body: string;
}

const servers: http.Server[] = [];
afterEach(async () => {
  for (const server of servers.splice(0)) {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  }
});

// A local server answering each request with the next status in `answers` ("hang" never answers).
async function serve(answers: Array<number | 'hang'>): Promise<{ url: string; received: Received[] }> {
  const received: Received[] = [];
  const server = http.createServer((request, response) => {
    let body = '';
    request.setEncoding('utf8');
    request.on('data', (chunk: string) => (body += chunk));
    request.on('end', () => {
      received.push({ method: request.method ?? '', type: request.headers['content-type'], body });
      const answer = answers[Math.min(received.length - 1, answers.length - 1)];
      if (answer === 'hang') return;
      response.writeHead(answer ?? 200).end();
    });
  });
  servers.push(server);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/hook`, received };
}

function recordingLog() {
  const warnings: string[] = [];
  return { warnings, log: { debug() {}, info() {}, error() {}, warn: (_object: unknown, message?: string) => void warnings.push(message ?? '') } };
}

describe('createWebhook', () => {
  it('retries a failing endpoint with backoff and delivers on the third attempt', async () => {
    const { url, received } = await serve([500, 503, 204]);
    const { log, warnings } = recordingLog();
    const waits: number[] = [];
    const webhook = createWebhook({
      url,
      log,
      retries: 3,
      backoffMs: 100,
      sleep: async (ms) => void waits.push(ms),
    });
    webhook.send(EVENT);
    await webhook.drain();
    expect(received).toHaveLength(3);
    for (const request of received) {
      expect(request.method).toBe('POST');
      expect(request.type).toBe('application/json');
      expect(JSON.parse(request.body)).toEqual(EVENT);
    }
    expect(waits).toEqual([100, 200]);
    expect(warnings).toEqual([]);
  });

  it('gives each attempt a timeout, and gives up after N retries with one warning', async () => {
    const { url, received } = await serve(['hang']);
    const { log, warnings } = recordingLog();
    const webhook = createWebhook({ url, log, timeoutMs: 150, retries: 2, backoffMs: 10 });
    const started = performance.now();
    webhook.send(EVENT);
    await webhook.drain();
    // Each attempt waited its timeout out (a hang without one would end this test by its own timeout).
    expect(received).toHaveLength(3);
    expect(performance.now() - started).toBeGreaterThanOrEqual(3 * 150);
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toMatch(/failed for event 7: no answer within 150 ms; giving up/);
  });

  it('recovers from a timeout when the next attempt is answered', async () => {
    const { url, received } = await serve(['hang', 200]);
    const { log, warnings } = recordingLog();
    const webhook = createWebhook({ url, log, timeoutMs: 1_000, retries: 1, backoffMs: 10 });
    webhook.send(EVENT);
    await webhook.drain();
    expect(received).toHaveLength(2);
    expect(warnings).toEqual([]);
  });

  it('does not retry a 4xx answer that will not change', async () => {
    const { url, received } = await serve([404]);
    const { log, warnings } = recordingLog();
    const webhook = createWebhook({ url, log, retries: 3, backoffMs: 10 });
    webhook.send(EVENT);
    await webhook.drain();
    expect(received).toHaveLength(1);
    expect(warnings[0]).toMatch(/HTTP 404/);
  });

  it('never throws or blocks the caller, even with nothing listening, and keeps events in order', async () => {
    const { log, warnings } = recordingLog();
    const closed = http.createServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    const port = (closed.address() as AddressInfo).port;
    await new Promise((resolve) => closed.close(resolve));
    const webhook = createWebhook({ url: `http://127.0.0.1:${port}/nothing`, log, retries: 1, backoffMs: 5 });
    expect(() => {
      webhook.send(EVENT);
      webhook.send({ ...EVENT, id: 8 });
    }).not.toThrow();
    // Returned before the refused connection was even seen: the caller never waits on delivery.
    expect(warnings).toEqual([]);
    await webhook.drain();
    expect(warnings).toHaveLength(2);
    expect(warnings[0]).toMatch(/event 7: .*ECONNREFUSED/);
    expect(warnings[1]).toMatch(/event 8/);
  });

  it('close abandons the queue and the attempt in flight', async () => {
    const { url, received } = await serve(['hang']);
    const { log } = recordingLog();
    const webhook = createWebhook({ url, log, timeoutMs: 10_000 });
    webhook.send(EVENT);
    webhook.send({ ...EVENT, id: 8 });
    await waitUntil(() => received.length === 1);
    webhook.close();
    await webhook.drain();
    expect(received).toHaveLength(1);
  });

  it('close ends a wait between retries at once', async () => {
    const { url, received } = await serve([500]);
    const { log } = recordingLog();
    // An hour before the retry: drain only resolves in this test's time if close stops the wait.
    const webhook = createWebhook({ url, log, retries: 1, backoffMs: 3_600_000 });
    webhook.send(EVENT);
    await waitUntil(() => received.length === 1);
    webhook.close();
    await webhook.drain();
    expect(received).toHaveLength(1);
  });

  it('keeps query strings (tokens) out of its logs, and rejects a URL it could never post to', async () => {
    const { url } = await serve([500]);
    const { log, warnings } = recordingLog();
    const webhook = createWebhook({ url: `${url}?token=s3cret`, log, retries: 0 });
    webhook.send(EVENT);
    await webhook.drain();
    expect(warnings).toEqual([`webhook ${url} failed for event 7: HTTP 500 Internal Server Error; giving up`]);
    expect(() => createWebhook({ url: 'ftp://x/', log })).toThrow(/must be http:\/\/ or https:\/\//);
    expect(() => createWebhook({ url: 'http://user:pw@x/', log })).toThrow(/must not include credentials/);
    expect(() => createWebhook({ url: 'not a url', log })).toThrow();
  });
});
