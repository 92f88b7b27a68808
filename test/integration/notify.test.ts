// The real `npu-watch notify` (the built CLI) against a stand-in daemon serving /events, delivering to a
// stub notification server on a private session bus: one notification per event, no duplicate after the
// daemon restarts (Last-Event-ID) or the notifier restarts (persisted last id).
import fs from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { spawn, type ChildProcess } from 'node:child_process';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eventsHandler } from '../../src/http/events.js';
import type { EventLog } from '../../src/status/event-log.js';
import type { StatusEventDraft } from '../../src/status/types.js';
import { CLI } from '../helpers/cli.js';
import { end, startNotificationBus, type NotificationBus } from '../helpers/dbus.js';
import { countedEventLog } from '../helpers/event-log-source.js';
import { slowerThanExpected, startedWorking, stoppedWorking, withId } from '../helpers/status-events.js';
import { waitUntil } from '../helpers/wait.js';

const quiet = { debug() {}, info() {}, warn() {}, error() {} };

// An event happening now (an older one would name its time in the notification).
const happeningNow = (draft: StatusEventDraft): StatusEventDraft => ({ ...draft, at: Date.now() });

// The stand-in daemon: /events from the real EventLog on 127.0.0.1, recording each request's Last-Event-ID.
async function startStandIn(hub: EventLog, port = 0) {
  const handler = eventsHandler(hub, quiet);
  const lastEventIds: Array<string | null> = [];
  const server = http.createServer((request, response) => {
    if ((request.url ?? '').split('?')[0] !== '/events') {
      response.writeHead(404).end();
      return;
    }
    lastEventIds.push((request.headers['last-event-id'] as string | undefined) ?? null);
    handler(request, response);
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', resolve);
  });
  return {
    port: (server.address() as AddressInfo).port,
    lastEventIds,
    async stop() {
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
    },
  };
}

interface NotifyProcess {
  child: ChildProcess;
  lines(): Array<Record<string, unknown>>;
  waitForMessage(pattern: RegExp, count?: number): Promise<void>;
  stderr(): string;
}

function startNotify(port: number, env: Record<string, string>): NotifyProcess {
  const child = spawn(process.execPath, [CLI, 'notify', '--url', `http://127.0.0.1:${port}`], {
    env: { ...process.env, NPU_WATCH_CONFIG: '', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  let err = '';
  child.stdout?.on('data', (chunk: Buffer) => (out += chunk.toString()));
  child.stderr?.on('data', (chunk: Buffer) => (err += chunk.toString()));
  const lines = () =>
    out
      .split('\n')
      .filter((line) => line.startsWith('{'))
      .map((line) => JSON.parse(line) as Record<string, unknown>);
  return {
    child,
    lines,
    stderr: () => err,
    async waitForMessage(pattern, count = 1) {
      await waitUntil(() => {
        if (child.exitCode !== null) throw new Error(`notify exited ${child.exitCode} before logging ${pattern}: ${err}\n${out}`);
        return lines().filter((line) => pattern.test(String(line.msg))).length >= count;
      });
    },
  };
}

// Ends a process with SIGTERM and returns its exit code once its output is drained ('close').
async function terminate(child: ChildProcess): Promise<number | null> {
  if (child.exitCode !== null) return child.exitCode;
  const exited = new Promise<number | null>((resolve) => child.once('close', (code) => resolve(code)));
  child.kill('SIGTERM');
  return exited;
}

describe('npu-watch notify (built CLI, private session bus)', () => {
  let bus: NotificationBus;
  let stateHome: string;
  const children: ChildProcess[] = [];
  const standIns: Array<{ stop(): Promise<void> }> = [];

  beforeAll(async () => {
    if (!fs.existsSync(CLI)) throw new Error(`${CLI} is missing: build first (npx tsc -p tsconfig.build.json)`);
    bus = await startNotificationBus();
    stateHome = fs.mkdtempSync(path.join(os.tmpdir(), 'npu-watch-notify-state-'));
  });

  afterAll(async () => {
    for (const child of children) await end(child);
    for (const standIn of standIns) await standIn.stop().catch(() => undefined);
    await bus?.stop();
    if (stateHome) fs.rmSync(stateHome, { recursive: true, force: true });
  });

  it('one notification per event, across a daemon restart and a notifier restart', async () => {
    const env = { DBUS_SESSION_BUS_ADDRESS: bus.address, XDG_STATE_HOME: stateHome };
    // Old news the notifier must not show on its first start.
    const hub = countedEventLog([withId(1, stoppedWorking('NPU'))]);
    let standIn = await startStandIn(hub);
    standIns.push(standIn);
    const port = standIn.port;

    let notify = startNotify(port, env);
    children.push(notify.child);
    // The daemon subscribes the client before it answers, so once connected no event can be missed.
    await notify.waitForMessage(/^connected to /);

    hub.append(happeningNow(startedWorking('NPU')));
    hub.append(happeningNow(stoppedWorking('GPU')));
    const first = await bus.waitForNotifications(2);
    expect(first.map((call) => [call.summary, call.hints?.urgency])).toEqual([
      ['NPU started working', 1],
      ['GPU stopped working', 2],
    ]);
    expect(first[0]?.body).toBe('with OpenVINO 2025.3.0 (openvino-node)\n27.1 tok/s · 4.2 W\nintel-npu-driver 1.16.0-1.fc44 → 1.17.0-1.fc43');
    expect(first[0]).toMatchObject({ app_name: 'npu-watch', replaces_id: 0, hint_types: { urgency: 'y' } });
    expect(first[1]?.body).toBe('with OpenVINO 2025.3.0 (openvino-node)\ncanary: compile_crash ZE_RESULT_ERROR_UNKNOWN 0x7ffffffe\n2 failed runs in a row');

    // The daemon stops; an event happens while it is down; it comes back on the same port.
    await standIn.stop();
    await notify.waitForMessage(/^lost the connection to /);
    hub.append(happeningNow(slowerThanExpected('CPU')));
    standIn = await startStandIn(hub, port);
    standIns.push(standIn);
    await notify.waitForMessage(/^reconnected to .*\(Last-Event-ID 3\)$/);
    expect(standIn.lastEventIds).toEqual(['3']);
    const second = await bus.waitForNotifications(3);
    expect(second[2]).toMatchObject({ summary: 'CPU is slower than expected', body: 'with OpenVINO 2025.3.0 (openvino-node)\n12.3 tok/s · expected 20–40 tok/s' });

    // The notifier restarts: it exits 0 on SIGTERM, and the new one starts from the persisted id.
    expect(await terminate(notify.child)).toBe(0);
    expect(fs.readFileSync(path.join(stateHome, 'npu-watch', 'notify-last-id'), 'utf8')).toBe('4\n');
    hub.append(happeningNow(stoppedWorking('NPU')));
    notify = startNotify(port, env);
    children.push(notify.child);
    await notify.waitForMessage(/^connected to /);
    const third = await bus.waitForNotifications(4);
    expect(standIn.lastEventIds).toEqual(['3', '4']);
    expect(third[3]).toMatchObject({ summary: 'NPU stopped working', hints: { urgency: 2 } });

    // Nothing more arrives: a sentinel event published after everything else is the next and last
    // notification, so every event was shown exactly once, none of them twice, the old one never.
    hub.append(happeningNow(startedWorking('GPU')));
    await bus.waitForNotifications(5);
    expect(bus.notifications().map((call) => call.summary)).toEqual([
      'NPU started working',
      'GPU stopped working',
      'CPU is slower than expected',
      'NPU stopped working',
      'GPU started working',
    ]);
    expect(await terminate(notify.child)).toBe(0);
    const messages = notify.lines().map((line) => String(line.msg));
    expect(messages.at(-1)).toBe('stopped following events');
    expect(notify.stderr()).toBe('');
  });
});
