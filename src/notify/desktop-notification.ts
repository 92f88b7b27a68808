import { describeRuntimeRef } from '../canary/runtime-ref.js';
import type { ComponentVersionChanges, StatusEvent, StatusEventKind } from '../status/types.js';

// What a desktop notification says for a status event (pure); desktop.ts delivers it over D-Bus.

// The freedesktop urgency levels (Desktop Notifications Specification 1.2, "Urgency Levels").
export type Urgency = 'low' | 'normal' | 'critical';

// What the user should feel for each kind of event. "stopped working" is critical: servers keep it on
// screen until dismissed, and it is the news a user must not miss. A version change on its own is low
// (the canary it triggers reports the outcome as its own event); the rest are normal.
export const URGENCY_BY_KIND: Readonly<Record<StatusEventKind, Urgency>> = {
  started_working: 'normal',
  stopped_working: 'critical',
  failing_differently: 'normal',
  component_changed: 'low',
  slower_than_expected: 'normal',
  kernel_event: 'normal',
};

const ICON_BY_KIND: Readonly<Record<StatusEventKind, string>> = {
  started_working: 'dialog-information',
  stopped_working: 'dialog-error',
  failing_differently: 'dialog-warning',
  component_changed: 'software-update-available',
  slower_than_expected: 'dialog-warning',
  kernel_event: 'dialog-warning',
};

// One desktop notification, independent of how it is delivered.
export interface DesktopNotification {
  // Notifications with the same key replace each other on screen (the device, or "host" for none).
  key: string;
  summary: string;
  body: string;
  urgency: Urgency;
  icon: string;
  // The freedesktop category hint ("device", "device.error").
  category: string;
  // Milliseconds; -1 lets the server decide.
  expireTimeoutMs: number;
}

// An older event's time is named in the body once it is this old (a replay after a long absence).
const STALE_AFTER_MS = 5 * 60_000;

// The notification for a status event: a short title ("NPU started working"; the event's own summary,
// which names everything on one line for logs, is the body only when the detail gives nothing to show)
// and a body read from the event's typed detail (src/status/types.ts): tok/s and watts, the expected
// range, the canary's failure and the one before, and the component versions that changed. `folded`
// counts earlier events of the device not shown separately.
export function notificationFor(event: StatusEvent, options: { now?: number; folded?: number } = {}): DesktopNotification {
  // The summary (which names the runtime too) when the detail gives nothing to show.
  const details = detailLines(event);
  const lines = details.length === 0 ? [event.summary] : [...runtimeLine(event), ...details];
  if (options.folded && options.folded > 0) {
    lines.push(`+${options.folded} earlier change${options.folded === 1 ? '' : 's'} not shown separately`);
  }
  if (options.now !== undefined && options.now - event.at > STALE_AFTER_MS) lines.push(`at ${localTime(event.at)}`);

  return {
    key: notificationKey(event),
    summary: titleFor(event),
    body: lines.join('\n'),
    urgency: URGENCY_BY_KIND[event.kind],
    icon: ICON_BY_KIND[event.kind],
    category: event.kind === 'stopped_working' || event.kind === 'failing_differently' ? 'device.error' : 'device',
    expireTimeoutMs: -1,
  };
}

// What each kind of event shows: "27.1 tok/s · 4.2 W", "canary: compile_crash …", "before: …", versions.
// "with OpenVINO 2025.2.0 (python3)": which runtime's canary the event is about, first.
function runtimeLine(event: StatusEvent): string[] {
  return event.kind !== 'component_changed' && event.runtime ? [`with ${describeRuntimeRef(event.runtime)}`] : [];
}

// Each device's (and runtime's) notifications replace each other and share a rate limit: "python3/NPU", "NPU",
// or "host" for events about no device.
export function notificationKey(event: StatusEvent): string {
  if (event.device === null) return 'host';
  return event.runtime ? `${event.runtime.name}/${event.device}` : event.device;
}

function detailLines(event: StatusEvent): string[] {
  switch (event.kind) {
    case 'started_working': {
      const { tokens_per_second, watts, changed_components } = event.detail;
      return [...performance(tokens_per_second, watts, null), ...changedVersions(changed_components)];
    }
    case 'stopped_working': {
      const { result, signature, consecutive_failures } = event.detail;
      const lines = [`canary: ${describeRun(result, signature)}`];
      if (consecutive_failures > 1) lines.push(`${consecutive_failures} failed runs in a row`);
      return lines;
    }
    case 'failing_differently': {
      const { result, signature, old_result, old_signature, changed_components } = event.detail;
      return [`canary: ${describeRun(result, signature)}`, `before: ${describeRun(old_result, old_signature)}`, ...changedVersions(changed_components)];
    }
    case 'slower_than_expected':
      return performance(event.detail.tokens_per_second, null, event.detail.expected_tokens_per_second);
    case 'component_changed':
      return changedVersions(event.detail.changed_components);
    case 'kernel_event': {
      const { line, count } = event.detail;
      return [`kernel: ${line}`, ...(count > 1 ? [`${count} such lines`] : [])];
    }
  }
}

// "27.1 tok/s · 4.2 W · expected 20–40 tok/s" (the parts that are known), or no line.
function performance(tokensPerSecond: number | null, watts: number | null, expected: [number, number] | null): string[] {
  const parts: string[] = [];
  if (tokensPerSecond !== null) parts.push(`${tokensPerSecond.toFixed(1)} tok/s`);
  if (watts !== null) parts.push(`${watts.toFixed(1)} W`);
  if (expected) parts.push(`expected ${expected[0]}–${expected[1]} tok/s`);
  return parts.length > 0 ? [parts.join(' · ')] : [];
}

// "compile_crash ZE_RESULT_ERROR_UNKNOWN 0x7ffffffe", or "timeout" when there is no signature.
function describeRun(result: string, signature: string | null): string {
  return signature ? `${result} ${signature}` : result;
}

const TITLE_BY_KIND: Readonly<Record<StatusEventKind, string>> = {
  started_working: 'started working',
  stopped_working: 'stopped working',
  failing_differently: 'fails differently now',
  component_changed: 'components changed',
  slower_than_expected: 'is slower than expected',
  kernel_event: 'kernel event',
};

function titleFor(event: StatusEvent): string {
  if (event.device === null) return 'Components changed';
  // "The kernel reset the NPU (reset #1)": the summary says it best.
  if (event.kind === 'kernel_event') return event.summary;
  return `${event.device} ${TITLE_BY_KIND[event.kind]}`;
}

// One line per component: "intel-npu-driver 1.16.0 → 1.17.0", "npu-compiler 7.0 (new)", "old 1 (removed)".
function changedVersions(changes: ComponentVersionChanges): string[] {
  return Object.entries(changes).flatMap(([component, { from, to }]) => {
    if (from && to) return [`${component} ${from} → ${to}`];
    if (to) return [`${component} ${to} (new)`];
    if (from) return [`${component} ${from} (removed)`];
    return [];
  });
}

function localTime(at: number): string {
  const date = new Date(at);
  const pad = (value: number) => String(value).padStart(2, '0');
  return `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())} ${pad(date.getHours())}:${pad(date.getMinutes())}`;
}
