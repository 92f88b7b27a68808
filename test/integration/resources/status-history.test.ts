import fs from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CheckReport } from '../../../src/report/check-report.js';
import { startDaemon, writeFixtureConfig, type RunningDaemon } from '../../helpers/cli.js';
import { waitUntil } from '../../helpers/wait.js';
import { materializeHost, type MaterializedHost } from '../../helpers/host-fixture.js';
import { stoppedWorking, withId } from '../../helpers/status-events.js';

const HISTORY = 10_000;

// One GET on a connection of its own (no agent pooling), the body read whole.
function get(url: string): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    http
      .get(url, { agent: false }, (response) => {
        let body = '';
        response.setEncoding('utf8');
        response.on('data', (chunk: string) => (body += chunk));
        response.on('end', () => resolve({ status: response.statusCode ?? 0, body }));
      })
      .on('error', reject);
  });
}

describe(`/status with history = ${HISTORY}, all of it filled`, () => {
  let host: MaterializedHost;
  let daemon: RunningDaemon;
  beforeAll(async () => {
    host = await materializeHost('fedora43-lunarlake');
    const config = await writeFixtureConfig(host.paths, `\n[http]\nlisten = "127.0.0.1:0"\n\n[status]\nhistory = ${HISTORY}\n`);
    // A status store as the daemon writes it, holding a full history of events.
    const stateDir = path.join(path.dirname(config), 'state');
    fs.mkdirSync(stateDir);
    const events = Array.from({ length: HISTORY }, (_, index) => withId(index + 1, stoppedWorking()));
    fs.writeFileSync(path.join(stateDir, 'status.json'), JSON.stringify({ version: 1, devices: {}, last_observations: {}, next_event_id: HISTORY + 1, events }));
    daemon = await startDaemon(config, { bin: host.bin });
  });
  afterAll(async () => {
    await daemon?.stop();
    await host?.cleanup();
  });

  const ids = (body: string) => (JSON.parse(body) as CheckReport).status!.recent_events.map((event) => event.id);

  it('carries the newest 50 events by default, so a response stays small', async () => {
    const answer = await get(`${daemon.url}/status`);
    expect(answer.status).toBe(200);
    expect(ids(answer.body)).toEqual(Array.from({ length: 50 }, (_, index) => HISTORY - 49 + index));
    expect(answer.body.length).toBeLessThan(100_000);
  });

  it('pages with limit (up to the configured history) and before=<id>', async () => {
    expect(ids((await get(`${daemon.url}/status?limit=3&before=9951`)).body)).toEqual([9948, 9949, 9950]);
    expect(ids((await get(`${daemon.url}/status?limit=${HISTORY}`)).body)).toHaveLength(HISTORY);
    expect(ids((await get(`${daemon.url}/status?before=3`)).body)).toEqual([1, 2]);
  });

  it('answers a bad query with 400 and one line naming the value', async () => {
    const bad = async (query: string) => get(`${daemon.url}/status?${query}`);
    expect(await bad('limit=0')).toEqual({ status: 400, body: 'bad /status query: limit "0" is not a number of events from 1 to 10000 (the configured [status] history)\n' });
    expect(await bad('limit=10001')).toEqual({ status: 400, body: 'bad /status query: limit "10001" is not a number of events from 1 to 10000 (the configured [status] history)\n' });
    expect(await bad('limit=ten')).toEqual({ status: 400, body: 'bad /status query: limit "ten" is not a number of events from 1 to 10000 (the configured [status] history)\n' });
    expect(await bad('before=-1')).toEqual({ status: 400, body: 'bad /status query: before "-1" is not an event id (a non-negative integer)\n' });
    expect(await bad('page=2')).toEqual({ status: 400, body: 'bad /status query: unknown parameter "page": /status takes limit and before\n' });
    expect(await bad('limit=1&limit=2')).toEqual({ status: 400, body: 'bad /status query: limit and before may each be given once\n' });
  });

  it('answers /metrics while 50 clients hammer /status, and they are still answered after it', async () => {
    // 50 clients asking for /status (as a dashboard or a status script would: no parameters) back to back. How
    // long /metrics takes meanwhile is a figure for bench/status-hammer.mjs, not a test bound (it depends on the
    // machine's load); what holds anywhere is that /metrics is answered while the hammering goes on.
    let hammering = true;
    let answered = 0;
    const client = async () => {
      while (hammering) {
        const answer = await get(`${daemon.url}/status`);
        if (answer.status !== 200) throw new Error(`/status answered ${answer.status}`);
        expect(answer.body.length).toBeLessThan(100_000);
        answered += 1;
      }
    };
    const clients = Array.from({ length: 50 }, client);
    await waitUntil(() => answered >= 50 || undefined);
    const metrics = await get(`${daemon.url}/metrics`);
    const answeredBefore = answered;
    // The sentinel that the hammer was still going when /metrics answered: more /status answers after it.
    await waitUntil(() => answered > answeredBefore || undefined);
    hammering = false;
    await Promise.all(clients);
    expect(metrics.status).toBe(200);
    expect(metrics.body).toContain('npuwatch_build_info');
  });
});
