// Desktop notifications for real: a private session bus, the stub notification server
// (test/fixtures/notification-server), and the real busctl and notify-send.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createCommandRunner } from '../../../src/host/runner.js';
import { createDesktopNotifier } from '../../../src/notify/desktop.js';
import { startNotificationBus, type NotificationBus } from '../../helpers/dbus.js';
import { AT, STARTED, STARTED_BODY, STOPPED } from '../../helpers/desktop-events.js';
import { startedWorking, withId } from '../../helpers/status-events.js';

const quiet = { debug() {}, info() {}, warn() {}, error() {} };
const clock = { now: () => AT, monotonic: () => 0 };

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
    const desktop = createDesktopNotifier({ runner, log: quiet, env: { DBUS_SESSION_BUS_ADDRESS: bus.address }, clock });
    const first = await desktop.show(STARTED);
    const other = await desktop.show(withId(14, startedWorking('GPU')));
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
    const desktop = createDesktopNotifier({ runner, log: quiet, env: { DBUS_SESSION_BUS_ADDRESS: bus.address, PATH: noBusctl }, clock });
    const first = await desktop.show(STARTED);
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
