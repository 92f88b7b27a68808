import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createCommandRunner } from '../../../src/host/runner.js';
import {
  busctlNotifyArgs,
  createDesktopNotifier,
  escapeMarkup,
  notificationFor,
  notifySendArgs,
  parseBusctlStringArray,
  parseBusctlUint,
  parseNotifySendHelp,
  URGENCY_BY_KIND,
} from '../../../src/notify/desktop.js';
import type { StatusEvent } from '../../../src/status/types.js';
import { startNotificationBus, type NotificationBus } from '../../helpers/dbus.js';

const quiet = { debug() {}, info() {}, warn() {}, error() {} };
const AT = Date.UTC(2026, 0, 15, 12, 0, 0);

// Events shaped as src/status/status-events.ts makes them (summary for logs, detail for machines), plus watts.
const STARTED: StatusEvent = {
  id: 12,
  kind: 'started_working',
  device: 'NPU',
  at: AT,
  summary: 'NPU started working: 27.1 tok/s (after intel-npu-driver 1.13.0-1.fc43 → 1.16.0-1.fc44, level-zero 1.20.2 → 1.21.0)',
  detail: {
    result: 'ok',
    signature: null,
    old_state: 'broken',
    old_result: 'compile_crash',
    old_signature: 'ZE_RESULT_ERROR_UNKNOWN 0x7ffffffe',
    tokens_per_second: 27.14,
    watts: 4.2,
    changed_components: {
      'intel-npu-driver': { from: '1.13.0-1.fc43', to: '1.16.0-1.fc44' },
      'level-zero': { from: '1.20.2', to: '1.21.0' },
    },
  },
};

const STOPPED: StatusEvent = {
  id: 13,
  kind: 'stopped_working',
  device: 'NPU',
  at: AT + 1000,
  summary: 'NPU stopped working: compile_crash ZE_RESULT_ERROR_UNKNOWN 0x7ffffffe',
  detail: { result: 'compile_crash', signature: 'ZE_RESULT_ERROR_UNKNOWN 0x7ffffffe', consecutive_failures: 2 },
};

const STARTED_BODY = '27.1 tok/s · 4.2 W\nintel-npu-driver 1.13.0-1.fc43 → 1.16.0-1.fc44\nlevel-zero 1.20.2 → 1.21.0';

describe('notificationFor', () => {
  it.each([
    ['started working: tok/s, watts and the changed versions', STARTED, 'normal', 'NPU started working', STARTED_BODY],
    ['stopped working: critical, with the failure', STOPPED, 'critical', 'NPU stopped working', 'canary: compile_crash ZE_RESULT_ERROR_UNKNOWN 0x7ffffffe\n2 failed runs in a row'],
    [
      'failing differently: the new failure, the one before, and what changed',
      {
        ...STOPPED,
        kind: 'failing_differently',
        detail: { result: 'infer_crash', signature: 'SIGSEGV', old_result: 'compile_crash', old_signature: 'ZE 0x7ffffffe', changed_components: { openvino: { from: '2025.3', to: '2026.4' } } },
      },
      'normal',
      'NPU fails differently now',
      'canary: infer_crash SIGSEGV\nbefore: compile_crash ZE 0x7ffffffe\nopenvino 2025.3 → 2026.4',
    ],
    [
      'component changed (no device): low urgency, new and removed components',
      {
        ...STOPPED,
        kind: 'component_changed',
        device: null,
        summary: 'Components changed: …',
        detail: { changed_components: { 'intel-npu-driver': { from: '1.13.0', to: '1.16.0' }, 'npu-compiler': { from: null, to: '7.0' }, old: { from: '1', to: null } } },
      },
      'low',
      'Components changed',
      'intel-npu-driver 1.13.0 → 1.16.0\nnpu-compiler 7.0 (new)\nold 1 (removed)',
    ],
    [
      'slower than expected: tok/s and the expected range',
      { ...STOPPED, kind: 'slower_than_expected', summary: 'NPU is slower than expected: 9.0 tok/s (expected 20–40 tok/s)', detail: { result: 'ok', tokens_per_second: 9, expected_tokens_per_second: [20, 40] } },
      'normal',
      'NPU is slower than expected',
      '9.0 tok/s · expected 20–40 tok/s',
    ],
    [
      'aliases: benchmark numbers nested, versions as an array',
      { ...STARTED, detail: { benchmark: { tokens_per_second: 9, watts: 3.25 }, changed: [{ component: 'openvino', from: '2025.3', to: '2026.4' }] } },
      'normal',
      'NPU started working',
      '9.0 tok/s · 3.3 W\nopenvino 2025.3 → 2026.4',
    ],
    [
      'a detail with nothing to show: the event summary is the body',
      { ...STARTED, detail: {} },
      'normal',
      'NPU started working',
      STARTED.summary,
    ],
  ] as const)('%s', (_name, event, urgency, summary, body) => {
    const notification = notificationFor(event as StatusEvent, { now: event.at });
    expect(notification.urgency).toBe(urgency);
    expect(notification.summary).toBe(summary);
    expect(notification.body).toBe(body);
  });

  it('keys notifications by device so a newer status of a device replaces the older one', () => {
    expect(notificationFor(STARTED).key).toBe('NPU');
    expect(notificationFor(STOPPED).key).toBe('NPU');
    expect(notificationFor({ ...STARTED, device: null }).key).toBe('host');
  });

  it('says how many earlier changes it stands for, and when an old event happened', () => {
    const body = notificationFor(STOPPED, { now: AT + 3_600_000, folded: 2 }).body;
    expect(body).toMatch(/\+2 earlier changes not shown separately/);
    expect(body).toMatch(/\nat \d{4}-\d\d-\d\d \d\d:\d\d$/);
    expect(notificationFor(STOPPED, { now: AT + 1_000, folded: 1 }).body).toMatch(/\+1 earlier change not shown separately$/);
  });

  it('has an urgency for every kind; only "stopped working" is critical', () => {
    expect(Object.entries(URGENCY_BY_KIND).filter(([, urgency]) => urgency === 'critical')).toEqual([['stopped_working', 'critical']]);
  });
});

describe('busctl and notify-send arguments and output', () => {
  it('formats Notify for busctl: arrays as a count then items, variants as signature then value', () => {
    const notification = notificationFor(STOPPED);
    expect(busctlNotifyArgs(notification, 7, '-body', 5)).toEqual([
      '--user', '--timeout=5', '--', 'call',
      'org.freedesktop.Notifications', '/org/freedesktop/Notifications', 'org.freedesktop.Notifications', 'Notify',
      'susssasa{sv}i', 'npu-watch', '7', 'dialog-error', 'NPU stopped working', '-body',
      '0', '2', 'urgency', 'y', '2', 'category', 's', 'device.error', '-1',
    ]);
  });

  it('parses busctl replies', () => {
    expect(parseBusctlUint('u 42\n')).toBe(42);
    expect(parseBusctlUint('s "x"')).toBeNull();
    expect(parseBusctlStringArray('as 3 "body" "body-markup" "a \\"q\\""\n')).toEqual(['body', 'body-markup', 'a "q"']);
    expect(parseBusctlStringArray('as 0\n')).toEqual([]);
    expect(parseBusctlStringArray('u 1')).toBeNull();
  });

  it('formats notify-send arguments for what the installed version supports', () => {
    const notification = notificationFor(STARTED);
    const full = parseNotifySendHelp('--app-name --print-id --replace-id');
    expect(notifySendArgs(notification, 3, 'b', full)).toEqual([
      '--app-name=npu-watch', '--urgency=normal', '--icon=dialog-information', '--category=device', '--print-id', '--replace-id=3', '--', 'NPU started working', 'b',
    ]);
    const old = parseNotifySendHelp('--urgency --app-name');
    expect(notifySendArgs(notification, 3, 'b', old)).toEqual([
      '--app-name=npu-watch', '--urgency=normal', '--icon=dialog-information', '--category=device', '--', 'NPU started working', 'b',
    ]);
  });

  it('escapes markup characters', () => {
    expect(escapeMarkup('a < b & c > d')).toBe('a &lt; b &amp; c &gt; d');
  });
});

// For real: a private session bus, the stub notification server, and the real busctl / notify-send.
describe('desktop notifications on a private session bus', () => {
  let bus: NotificationBus;
  let noBusctl: string;
  const runner = createCommandRunner({ timeoutMs: 10_000 });

  beforeAll(async () => {
    if (!['/usr/bin/busctl', '/bin/busctl'].some((file) => fs.existsSync(file))) throw new Error('busctl is not installed (Debian: systemd)');
    bus = await startNotificationBus();
    // A PATH with notify-send but without busctl.
    noBusctl = fs.mkdtempSync(path.join(os.tmpdir(), 'npu-watch-nobusctl-'));
    const notifySend = ['/usr/bin/notify-send', '/bin/notify-send'].find((file) => fs.existsSync(file));
    if (!notifySend) throw new Error('notify-send is not installed (Debian: libnotify-bin)');
    fs.symlinkSync(notifySend, path.join(noBusctl, 'notify-send'));
  });
  afterAll(async () => {
    await bus?.stop();
    if (noBusctl) fs.rmSync(noBusctl, { recursive: true, force: true });
  });

  it('delivers Notify through busctl with summary, body, urgency byte, and replaces_id per device', async () => {
    const before = bus.notifications().length;
    const desktop = createDesktopNotifier({ runner, log: quiet, env: { DBUS_SESSION_BUS_ADDRESS: bus.address }, now: () => AT });
    const first = await desktop.show(STARTED);
    const other = await desktop.show({ ...STARTED, id: 14, device: 'GPU' });
    const second = await desktop.show(STOPPED);
    expect(first).toMatchObject({ delivered: true, via: 'busctl' });
    expect(other).toMatchObject({ delivered: true, via: 'busctl' });
    const calls = (await bus.waitForNotifications(before + 3)).slice(before);
    const [npu1, gpu, npu2] = calls;
    expect(npu1).toMatchObject({
      app_name: 'npu-watch',
      replaces_id: 0,
      app_icon: 'dialog-information',
      summary: 'NPU started working',
      body: STARTED_BODY,
      actions: [],
      hints: { urgency: 1, category: 'device' },
      hint_types: { urgency: 'y', category: 's' },
      expire_timeout: -1,
    });
    expect(first.delivered && first.id).toBe(npu1?.id);
    expect(gpu).toMatchObject({ summary: 'GPU started working', replaces_id: 0 });
    expect(gpu?.id).not.toBe(npu1?.id);
    // The NPU's newer status replaces its older notification (same id), not the GPU's.
    expect(npu2).toMatchObject({ summary: 'NPU stopped working', replaces_id: npu1?.id, id: npu1?.id, hints: { urgency: 2, category: 'device.error' } });
    expect(second).toEqual({ delivered: true, via: 'busctl', id: npu1?.id });
    // It asked the server's capabilities once (markup escaping).
    expect(bus.calls().filter((call) => call.method === 'GetCapabilities')).toHaveLength(1);
  });

  it('falls back to notify-send when busctl is not on PATH, keeping urgency and replaces_id', async () => {
    const before = bus.notifications().length;
    const desktop = createDesktopNotifier({ runner, log: quiet, env: { DBUS_SESSION_BUS_ADDRESS: bus.address, PATH: noBusctl }, now: () => AT });
    const first = await desktop.show({ ...STARTED, detail: { ...STARTED.detail, note: 'ignored' } });
    const second = await desktop.show(STOPPED);
    expect(first).toMatchObject({ delivered: true, via: 'notify-send' });
    const [one, two] = (await bus.waitForNotifications(before + 2)).slice(before);
    expect(one).toMatchObject({
      app_name: 'npu-watch',
      summary: 'NPU started working',
      body: STARTED_BODY,
      hints: { urgency: 1, category: 'device' },
      hint_types: { urgency: 'y' },
    });
    expect(first.delivered && first.id).toBe(one?.id);
    expect(two).toMatchObject({ summary: 'NPU stopped working', replaces_id: one?.id, hints: { urgency: 2 } });
    expect(second).toEqual({ delivered: true, via: 'notify-send', id: one?.id });
  });

  it('reports, without throwing, when no notification server answers', async () => {
    const warnings: string[] = [];
    const log = { ...quiet, warn: (_object: unknown, message?: string) => void warnings.push(message ?? '') };
    const desktop = createDesktopNotifier({ runner, log, env: { DBUS_SESSION_BUS_ADDRESS: 'unix:path=/nonexistent/bus' }, timeoutMs: 2_000 });
    const outcome = await desktop.show(STARTED);
    expect(outcome.delivered).toBe(false);
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toBe(
      'could not show a desktop notification: busctl: exit 1: Failed to connect to bus: No such file or directory; notify-send: exit 1: Could not connect: No such file or directory',
    );
  });
});
