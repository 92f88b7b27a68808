import { describe, expect, it } from 'vitest';
import { busctlNotifyArgs, capabilitiesReply, escapeMarkup, notifyReplyId, notifySendArgs, parseNotifySendHelp } from '../../../src/notify/desktop.js';
import { notificationFor, URGENCY_BY_KIND } from '../../../src/notify/desktop-notification.js';
import type { StatusEvent } from '../../../src/status/types.js';
import { AT, COMPONENTS_CHANGED, STARTED, STARTED_BODY, STOPPED } from '../../helpers/desktop-events.js';

const FAILING_DIFFERENTLY: StatusEvent = {
  id: 15,
  kind: 'failing_differently',
  device: 'NPU',
  runtime: null,
  at: AT,
  summary: 'NPU fails differently now: infer_crash SIGSEGV (was compile_crash ZE 0x7ffffffe)',
  detail: { result: 'infer_crash', signature: 'SIGSEGV', old_result: 'compile_crash', old_signature: 'ZE 0x7ffffffe', changed_components: { openvino: { from: '2025.3', to: '2026.4' } } },
};

const SLOWER: StatusEvent = {
  id: 16,
  kind: 'slower_than_expected',
  device: 'NPU',
  runtime: null,
  at: AT,
  summary: 'NPU is slower than expected: 9.0 tok/s (expected 20–40 tok/s)',
  detail: { result: 'ok', tokens_per_second: 9, expected_tokens_per_second: [20, 40] },
};

// A burst of two NPU resets while the daemon ran; the line is ivpu's format string (drivers/accel/ivpu/ivpu_pm.c
// ivpu_pm_recovery_work()) with ivpu_err()'s prefix: composed, not captured.
const RESET_LINE = 'intel_vpu 0000:00:0b.0: [drm] *ERROR* ivpu_pm_recovery_work(): Recovering the NPU (reset #1)';
const KERNEL_RESET: StatusEvent = {
  id: 17,
  kind: 'kernel_event',
  device: 'NPU',
  runtime: null,
  at: AT,
  summary: 'The kernel reset the NPU (reset #1)',
  detail: { kernel_kind: 'npu_reset', line: RESET_LINE, count: 2 },
};

// Started working without a benchmark and with no version change: nothing to show but the summary.
const STARTED_UNMEASURED: StatusEvent = {
  ...STARTED,
  summary: 'NPU started working',
  detail: { ...STARTED.detail, tokens_per_second: null, watts: null, changed_components: {} },
} as StatusEvent;

describe('notificationFor', () => {
  it.each([
    ['started working: tok/s, watts and the changed versions', STARTED, 'normal', 'NPU started working', STARTED_BODY],
    ['stopped working: critical, with the failure', STOPPED, 'critical', 'NPU stopped working', 'with OpenVINO 2025.2.0 (python3)\ncanary: compile_crash ZE_RESULT_ERROR_UNKNOWN 0x7ffffffe\n2 failed runs in a row'],
    [
      'failing differently: the new failure, the one before, and what changed',
      FAILING_DIFFERENTLY,
      'normal',
      'NPU fails differently now',
      'canary: infer_crash SIGSEGV\nbefore: compile_crash ZE 0x7ffffffe\nopenvino 2025.3 → 2026.4',
    ],
    [
      'component changed (no device): low urgency, new and removed components',
      COMPONENTS_CHANGED,
      'low',
      'Components changed',
      'intel-npu-driver 1.13.0 → 1.16.0\nnpu-compiler 7.0 (new)\nold 1 (removed)',
    ],
    ['slower than expected: tok/s and the expected range', SLOWER, 'normal', 'NPU is slower than expected', '9.0 tok/s · expected 20–40 tok/s'],
    ['a detail with nothing to show: the event summary is the body', STARTED_UNMEASURED, 'normal', 'NPU started working', 'NPU started working'],
    ['the kernel reset the NPU: the kernel line and the burst', KERNEL_RESET, 'normal', 'The kernel reset the NPU (reset #1)', `kernel: ${RESET_LINE}\n2 such lines`],
  ] as const)('%s', (_name, event, urgency, summary, body) => {
    const notification = notificationFor(event, { now: event.at });
    expect(notification.urgency).toBe(urgency);
    expect(notification.summary).toBe(summary);
    expect(notification.body).toBe(body);
  });

  it('a stopped device with one failure does not count failures in a row', () => {
    const once = { ...STOPPED, detail: { result: 'timeout', signature: null, consecutive_failures: 1 } } as StatusEvent;
    expect(notificationFor(once).body).toBe('with OpenVINO 2025.2.0 (python3)\ncanary: timeout');
  });

  it('keys notifications by runtime and device so a newer status of a device replaces the older one', () => {
    expect(notificationFor(STARTED).key).toBe('python3/NPU');
    expect(notificationFor(STOPPED).key).toBe('python3/NPU');
    // Another runtime's verdict on the same NPU is another notification: "works with openvino-node" does not
    // replace "python3 crashes".
    const otherRuntime = { ...STARTED, runtime: { name: 'openvino-node', kind: 'node', openvino_version: '2026.4.0' } } as StatusEvent;
    expect(notificationFor(otherRuntime).key).toBe('openvino-node/NPU');
    expect(notificationFor(otherRuntime).body.split('\n')[0]).toBe('with OpenVINO 2026.4.0 (openvino-node)');
    expect(notificationFor(COMPONENTS_CHANGED).key).toBe('host');
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
  it('formats Notify for busctl (JSON reply): arrays as a count then items, variants as signature then value', () => {
    const notification = notificationFor(STOPPED);
    expect(busctlNotifyArgs(notification, 7, '-body', 5)).toEqual([
      '--user', '--json=short', '--timeout=5', '--', 'call',
      'org.freedesktop.Notifications', '/org/freedesktop/Notifications', 'org.freedesktop.Notifications', 'Notify',
      'susssasa{sv}i', 'npu-watch', '7', 'dialog-error', 'NPU stopped working', '-body',
      '0', '2', 'urgency', 'y', '2', 'category', 's', 'device.error', '-1',
    ]);
  });

  // The two replies are verbatim what busctl 252 (Debian 12) printed for Notify and GetCapabilities to the
  // stub server (test/fixtures/notification-server) on a private bus; test/integration/notify/desktop.test.ts
  // runs the real thing. The others are what a reply is not.
  it('reads busctl --json=short replies', () => {
    expect(notifyReplyId('{"type":"u","data":[1]}\n')).toBe(1);
    expect(notifyReplyId('{"type":"s","data":["x"]}')).toBeNull();
    expect(notifyReplyId('u 42')).toBeNull();
    expect(capabilitiesReply('{"type":"as","data":[["body","actions","persistence"]]}\n')).toEqual(['body', 'actions', 'persistence']);
    expect(capabilitiesReply('{"type":"as","data":[[]]}')).toEqual([]);
    expect(capabilitiesReply('{"type":"u","data":[1]}')).toBeNull();
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
