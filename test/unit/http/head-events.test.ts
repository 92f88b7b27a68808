import http from 'node:http';
import { afterEach, describe, expect, it } from 'vitest';
import { stoppedWorking, withId } from '../../helpers/status-events.js';
import { startTestServer } from './test-server.js';

let close: (() => Promise<void>) | undefined;
afterEach(async () => {
  await close?.();
  close = undefined;
});

// One request; its status, headers and body.
function request(url: string, method: string): Promise<{ status: number; type: string | undefined; body: string }> {
  return new Promise((resolve, reject) => {
    const sent = http.request(url, { method, agent: false }, (response) => {
      let body = '';
      response.on('data', (chunk: Buffer) => (body += chunk.toString()));
      response.on('end', () => resolve({ status: response.statusCode ?? 0, type: response.headers['content-type'], body }));
    });
    sent.on('error', reject);
    sent.end();
  });
}

describe('HEAD /events', () => {
  it("answers with GET's status and headers, and no body", async () => {
    const events = [withId(1, stoppedWorking())];
    const started = await startTestServer({ events: { since: (id) => events.filter((event) => event.id > id), subscribe: () => () => undefined } });
    close = started.close;
    expect(await request(`${started.base}/events`, 'HEAD')).toEqual({ status: 200, type: 'text/event-stream; charset=utf-8', body: '' });
    expect(await request(`${started.base}/events?lastEventId=x`, 'HEAD')).toMatchObject({ status: 400, body: '' });
  });
});
