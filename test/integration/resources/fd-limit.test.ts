import fs from 'node:fs';
import net from 'node:net';
import { afterEach, beforeAll, afterAll, describe, expect, it } from 'vitest';
import type { CheckReport } from '../../../src/report/check-report.js';
import { writeFixtureConfig } from '../../helpers/cli.js';
import { fakeRuntimeToml } from '../../helpers/fake-runtime.js';
import { materializeHost, type MaterializedHost } from '../../helpers/host-fixture.js';
import { startDaemonUnderLimit, type LimitedDaemon } from './daemon-under-limit.js';

// Probes every 2 s and the canary every 3 s (node-cron's optional seconds field), so passes happen at the limit.
const FAST_SCHEDULE = '\n[schedule]\nprobes = "*/2 * * * * *"\ncanary = "*/3 * * * * *"\n';
const FD_LIMIT = 64;

type Answer = { status: number; body: string } | { refused: string };

// One GET on a fresh connection: the answer, or how the connection was refused (reset, closed).
async function get(url: string): Promise<Answer> {
  try {
    const response = await fetch(url, { headers: { Connection: 'close' } });
    return { status: response.status, body: await response.text() };
  } catch (error) {
    return { refused: String((error as Error).cause ?? error) };
  }
}

async function status(daemon: LimitedDaemon): Promise<CheckReport | null> {
  const answer = await get(`${daemon.url}/status?limit=1`);
  return 'body' in answer && answer.status === 200 ? (JSON.parse(answer.body) as CheckReport) : null;
}

// Polls `check` until it holds; fails as soon as the daemon exits.
async function until<T>(what: string, daemon: LimitedDaemon, check: () => Promise<T | null | undefined | false> | T | null | undefined | false): Promise<T> {
  for (;;) {
    if (daemon.exited()) throw new Error(`the daemon exited while waiting for ${what}`);
    const value = await check();
    if (value) return value;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

const openFds = (pid: number) => fs.readdirSync(`/proc/${pid}/fd`).length;

// A long-lived /events client (what `npu-watch notify` keeps open): 'streaming' once the daemon answered
// 200, 'closed' when the daemon closed or reset the connection first.
function eventsClient(daemon: LimitedDaemon): { socket: net.Socket; outcome: Promise<'streaming' | 'closed'> } {
  const socket = net.connect(Number(new URL(daemon.url).port), '127.0.0.1');
  socket.on('error', () => undefined);
  socket.write('GET /events HTTP/1.1\r\nHost: 127.0.0.1\r\nAccept: text/event-stream\r\n\r\n');
  const outcome = new Promise<'streaming' | 'closed'>((resolve) => {
    socket.on('data', (chunk: Buffer) => {
      if (chunk.toString().startsWith('HTTP/1.1 200')) resolve('streaming');
    });
    socket.once('close', () => resolve('closed'));
  });
  return { socket, outcome };
}

const canaryWorked = (line: Record<string, unknown>) => line.result === 'ok' && typeof line.msg === 'string' && line.msg.startsWith('canary CPU: works');

describe(`the daemon under ulimit -n ${FD_LIMIT}`, () => {
  let host: MaterializedHost;
  let daemon: LimitedDaemon | undefined;
  let sockets: net.Socket[] = [];
  beforeAll(async () => {
    host = await materializeHost('fedora43-lunarlake');
  });
  afterEach(async () => {
    for (const socket of sockets.splice(0)) socket.destroy();
    const stopped = await daemon?.stop();
    daemon = undefined;
    expect(stopped?.exitCode).toBe(0);
  });
  afterAll(async () => {
    await host?.cleanup();
  });

  it('at its descriptor limit it keeps running, reports each failed spawn with EMFILE, and recovers', async () => {
    const config = await writeFixtureConfig(host.paths, `\n[http]\nlisten = "127.0.0.1:0"\nmax_connections = 500\n${fakeRuntimeToml({ devices: ['CPU'] })}${FAST_SCHEDULE}`);
    const running = (daemon = await startDaemonUnderLimit(config, `-n ${FD_LIMIT}`, { bin: host.bin }));
    await until('a first canary pass that works', running, async () => (await status(running))?.devices[0]?.canary?.result === 'ok');
    const pid = running.child.pid!;
    // /events clients, one at a time, until the daemon holds every descriptor it may; then ten more, which
    // arrive at a daemon that cannot accept them.
    while (openFds(pid) < FD_LIMIT) {
      const client = eventsClient(running);
      sockets.push(client.socket);
      if ((await client.outcome) === 'closed') break;
    }
    for (let i = 0; i < 10; i++) sockets.push(eventsClient(running).socket);
    const before = running.lines().length;
    // At the limit: /metrics is answered or the connection is refused, never a hang or a crash …
    const atLimit = await get(`${running.url}/metrics`);
    expect('refused' in atLimit || atLimit.status === 200).toBe(true);
    // … and a canary pass and a probe pass both happen, the failure named with its errno: writing the canary model
    // into the worker's work dir (canary-files.ts) or spawning the worker, whichever meets the limit first.
    const newLines = () => running.lines().slice(before);
    const canaryAtLimit = /(could not be started: spawn .*|cannot write the canary model into its work dir .*)EMFILE/;
    await until('a canary pass at the limit', running, () =>
      newLines().find((line) => line.result === 'skipped' && canaryAtLimit.test(String(line.msg))),
    );
    await until('a probe pass at the limit', running, () => newLines().find((line) => /^probe \w+ failed: .*EMFILE/.test(String(line.msg))));
    // One client leaves: /status (on the descriptor it freed) shows the skipped canary and why.
    sockets.shift()!.destroy();
    const report = await until('/status at the limit', running, () => status(running));
    expect(report.devices[0]?.canary).toMatchObject({ result: 'skipped', message: expect.stringMatching(canaryAtLimit) });
    // All leave: the next canary pass works again, and the daemon never exited.
    for (const socket of sockets.splice(0)) socket.destroy();
    await until('a canary pass that works again', running, async () => (await status(running))?.devices[0]?.canary?.result === 'ok');
    expect(running.lines().filter((line) => line.level === 'fatal')).toEqual([]);
    expect(running.exited()).toBe(false);
  });

  it('with [http] max_connections below the limit, idle clients cannot use up its descriptors', async () => {
    const config = await writeFixtureConfig(host.paths, `\n[http]\nlisten = "127.0.0.1:0"\nmax_connections = 8\n${fakeRuntimeToml({ devices: ['CPU'] })}${FAST_SCHEDULE}`);
    const running = (daemon = await startDaemonUnderLimit(config, `-n ${FD_LIMIT}`, { bin: host.bin }));
    await running.waitForLine(canaryWorked);
    // More /events clients than the daemon has descriptors for.
    const clients = Array.from({ length: FD_LIMIT }, () => eventsClient(running));
    sockets = clients.map((client) => client.socket);
    const outcomes = await Promise.all(clients.map((client) => client.outcome.then((outcome) => (outcome === 'streaming' ? 1 : 0))));
    const streaming = outcomes.reduce<number>((sum, one) => sum + one, 0);
    expect(streaming).toBe(8);
    // With all of them still open, the next canary pass starts its worker and works.
    const before = running.lines().length;
    await until('a canary pass with the clients connected', running, () => running.lines().slice(before).find(canaryWorked));
    expect(running.lines().slice(before).filter((line) => /EMFILE/.test(String(line.msg)))).toEqual([]);
    // The cap was logged once, naming the key to raise.
    expect(running.lines().filter((line) => /HTTP connection limit reached \(8\)/.test(String(line.msg)))).toHaveLength(1);
    // The clients leave: /metrics answers again.
    for (const socket of sockets.splice(0)) socket.destroy();
    await until('/metrics after the clients left', running, async () => {
      const answer = await get(`${running.url}/metrics`);
      return 'status' in answer && answer.status === 200;
    });
  });
});
