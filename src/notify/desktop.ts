import type { CommandResult, CommandRunner } from '../host/runner.js';
import type { BasicLogger } from '../log.js';
import type { StatusEvent, StatusEventKind } from '../status/types.js';

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
};

const URGENCY_BYTE: Readonly<Record<Urgency, number>> = { low: 0, normal: 1, critical: 2 };

const ICON_BY_KIND: Readonly<Record<StatusEventKind, string>> = {
  started_working: 'dialog-information',
  stopped_working: 'dialog-error',
  failing_differently: 'dialog-warning',
  component_changed: 'software-update-available',
  slower_than_expected: 'dialog-warning',
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
// which names everything on one line for logs, is the body only when the detail gives nothing to
// show) and a body of what the event's detail has (the shape src/status/status-events.ts produces,
// plus a few aliases): tok/s and watts (`tokens_per_second`, `watts`/`power_watts`, or the same inside
// `benchmark`), the expected range (`expected_tokens_per_second: [lo, hi]`), the canary `result` and
// failure `signature` with the one before (`old_result`/`old_signature`), `consecutive_failures`, and the
// versions that changed (`changed_components`/`changed`: a map component → `{ from, to }` or an array of
// `{ component, from, to }`). `folded` counts earlier events of the device not shown separately.
export function notificationFor(event: StatusEvent, options: { now?: number; folded?: number } = {}): DesktopNotification {
  const detail = event.detail ?? {};
  const lines: string[] = [];

  const benchmark = record(detail.benchmark);
  const tokensPerSecond = number(detail.tokens_per_second) ?? number(benchmark?.tokens_per_second);
  const watts = number(detail.watts) ?? number(detail.power_watts) ?? number(benchmark?.watts);
  const performance: string[] = [];
  if (tokensPerSecond !== undefined) performance.push(`${tokensPerSecond.toFixed(1)} tok/s`);
  if (watts !== undefined) performance.push(`${watts.toFixed(1)} W`);
  const expected = detail.expected_tokens_per_second;
  if (Array.isArray(expected) && expected.length === 2 && expected.every((value) => typeof value === 'number')) {
    performance.push(`expected ${expected[0]}–${expected[1]} tok/s`);
  }
  if (performance.length > 0) lines.push(performance.join(' · '));

  if (event.kind === 'stopped_working' || event.kind === 'failing_differently') {
    const failure = describeRun(detail.result, detail.signature);
    if (failure) lines.push(`canary: ${failure}`);
    const before = describeRun(detail.old_result, detail.old_signature ?? detail.previous_signature);
    if (before && event.kind === 'failing_differently') lines.push(`before: ${before}`);
    const failures = number(detail.consecutive_failures);
    if (failures !== undefined && failures > 1) lines.push(`${failures} failed runs in a row`);
  }
  lines.push(...changedVersions(detail));
  if (lines.length === 0 && event.summary) lines.push(event.summary);
  if (options.folded && options.folded > 0) {
    lines.push(`+${options.folded} earlier change${options.folded === 1 ? '' : 's'} not shown separately`);
  }
  if (options.now !== undefined && options.now - event.at > STALE_AFTER_MS) lines.push(`at ${localTime(event.at)}`);

  return {
    key: event.device ?? 'host',
    summary: titleFor(event),
    body: lines.join('\n'),
    urgency: URGENCY_BY_KIND[event.kind] ?? 'normal',
    icon: ICON_BY_KIND[event.kind] ?? 'dialog-information',
    category: event.kind === 'stopped_working' || event.kind === 'failing_differently' ? 'device.error' : 'device',
    expireTimeoutMs: -1,
  };
}

// "compile_crash ZE_RESULT_ERROR_UNKNOWN 0x7ffffffe", "timeout", or null when there is neither.
function describeRun(result: unknown, signature: unknown): string | null {
  const parts = [result, signature].filter((part): part is string => typeof part === 'string' && part !== '');
  return parts.length > 0 ? parts.join(' ') : null;
}

function titleFor(event: StatusEvent): string {
  if (event.kind === 'component_changed' && event.device === null) return 'Components changed';
  const words: Record<StatusEventKind, string> = {
    started_working: 'started working',
    stopped_working: 'stopped working',
    failing_differently: 'fails differently now',
    component_changed: 'components changed',
    slower_than_expected: 'is slower than expected',
  };
  return `${event.device ?? 'npu-watch'} ${words[event.kind] ?? event.kind.replace(/_/g, ' ')}`;
}

function changedVersions(detail: Record<string, unknown>): string[] {
  const lines: string[] = [];
  const add = (component: unknown, from: unknown, to: unknown) => {
    if (typeof component !== 'string' || component === '') return;
    const left = typeof from === 'string' && from !== '' ? from : null;
    const right = typeof to === 'string' && to !== '' ? to : null;
    if (left && right) lines.push(`${component} ${left} → ${right}`);
    else if (right) lines.push(`${component} ${right} (new)`);
    else if (left) lines.push(`${component} ${left} (removed)`);
  };
  const changed = detail.changed ?? detail.changed_components ?? detail.components_changed ?? detail.versions_changed;
  if (Array.isArray(changed)) {
    for (const item of changed) {
      const entry = record(item);
      if (entry) add(entry.component ?? entry.name, entry.from ?? entry.old ?? entry.before, entry.to ?? entry.new ?? entry.after ?? entry.version);
    }
  } else if (record(changed)) {
    for (const [component, value] of Object.entries(record(changed) ?? {})) {
      const entry = record(value);
      if (entry) add(component, entry.from ?? entry.old ?? entry.before, entry.to ?? entry.new ?? entry.after ?? entry.version);
      else add(component, null, value);
    }
  }
  if (lines.length === 0 && typeof detail.component === 'string') add(detail.component, detail.from, detail.to ?? detail.version);
  return lines;
}

function record(value: unknown): Record<string, unknown> | undefined {
  return value !== null && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, unknown>) : undefined;
}

function number(value: unknown): number | undefined {
  return typeof value === 'number' && Number.isFinite(value) ? value : undefined;
}

function localTime(at: number): string {
  const date = new Date(at);
  const pad = (value: number) => String(value).padStart(2, '0');
  return `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())} ${pad(date.getHours())}:${pad(date.getMinutes())}`;
}

// A failed command in one short line (the arguments would repeat the whole notification).
function failure(result: CommandResult): string {
  if (result.notFound) return `${result.command}: not installed`;
  if (result.timedOut) return `${result.command}: timed out after ${Math.round(result.durationMs)} ms`;
  if (result.signal) return `${result.command}: killed by ${result.signal}`;
  const firstLine = result.stderr.trim().split('\n')[0] ?? '';
  return `${result.command}: exit ${result.exitCode}${firstLine ? `: ${firstLine}` : ''}`;
}

// Escapes the characters that servers with the "body-markup" capability would read as markup.
export function escapeMarkup(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

const BUS_NAME = 'org.freedesktop.Notifications';
const OBJECT_PATH = '/org/freedesktop/Notifications';

// busctl's arguments for Notify (signature susssasa{sv}i): arrays are a count then the items, a dict
// entry is key then variant, a variant is its signature then its value (busctl(1), "Parameter
// formatting"). `--` ends busctl's options, so a summary or body starting with "-" stays an argument.
export function busctlNotifyArgs(notification: DesktopNotification, replacesId: number, body: string, timeoutSeconds: number): string[] {
  return [
    '--user',
    `--timeout=${timeoutSeconds}`,
    '--',
    'call',
    BUS_NAME,
    OBJECT_PATH,
    BUS_NAME,
    'Notify',
    'susssasa{sv}i',
    'npu-watch',
    String(replacesId),
    notification.icon,
    notification.summary,
    body,
    '0', // actions: none
    '2', // hints: urgency (a byte, as the specification requires) and category
    'urgency',
    'y',
    String(URGENCY_BYTE[notification.urgency]),
    'category',
    's',
    notification.category,
    String(notification.expireTimeoutMs),
  ];
}

// busctl's arguments for GetCapabilities.
export function busctlCapabilitiesArgs(timeoutSeconds: number): string[] {
  return ['--user', `--timeout=${timeoutSeconds}`, '--', 'call', BUS_NAME, OBJECT_PATH, BUS_NAME, 'GetCapabilities'];
}

// The notification id in busctl's reply to Notify ("u 7"); null when the output is not that.
export function parseBusctlUint(stdout: string): number | null {
  const match = /^u (\d+)\s*$/.exec(stdout.trim());
  return match ? Number(match[1]) : null;
}

// The strings in busctl's reply to a method returning `as` ('as 2 "body" "body-markup"'); null when
// the output is not that.
export function parseBusctlStringArray(stdout: string): string[] | null {
  const text = stdout.trim();
  const head = /^as (\d+)/.exec(text);
  if (!head) return null;
  const items: string[] = [];
  const pattern = /"((?:[^"\\]|\\.)*)"/g;
  for (const match of text.slice(head[0].length).matchAll(pattern)) {
    items.push((match[1] ?? '').replace(/\\(.)/g, '$1'));
  }
  return items.length === Number(head[1]) ? items : null;
}

// What the installed notify-send understands (libnotify added --print-id and --replace-id in 0.7.9/0.8).
export interface NotifySendFeatures {
  appName: boolean;
  printId: boolean;
  replaceId: boolean;
}

// Reads notify-send's features from its --help text.
export function parseNotifySendHelp(help: string): NotifySendFeatures {
  return {
    appName: help.includes('--app-name'),
    printId: help.includes('--print-id'),
    replaceId: help.includes('--replace-id'),
  };
}

// notify-send's arguments for a notification; `--` keeps a summary starting with "-" an argument.
export function notifySendArgs(notification: DesktopNotification, replacesId: number, body: string, features: NotifySendFeatures): string[] {
  const args: string[] = [];
  if (features.appName) args.push('--app-name=npu-watch');
  args.push(`--urgency=${notification.urgency}`, `--icon=${notification.icon}`, `--category=${notification.category}`);
  if (notification.expireTimeoutMs >= 0) args.push(`--expire-time=${notification.expireTimeoutMs}`);
  if (features.printId) args.push('--print-id');
  if (features.replaceId && replacesId > 0) args.push(`--replace-id=${replacesId}`);
  args.push('--', notification.summary, body);
  return args;
}

// How one notification went: shown (by which tool, with the server's id when known) or not.
export type DesktopDelivery = Shown | { delivered: false; error: string };

type Shown = { delivered: true; via: 'busctl' | 'notify-send'; id: number | null };

// What the desktop notifier needs: the command runner (busctl, notify-send), a logger, options.
export interface DesktopNotifierDeps {
  runner: CommandRunner;
  log: BasicLogger;
  // Extra environment for busctl and notify-send (DBUS_SESSION_BUS_ADDRESS, PATH); the process's otherwise.
  env?: Record<string, string>;
  // Per command (default 5 s).
  timeoutMs?: number;
  now?: () => number;
}

// Shows status events as desktop notifications.
export interface DesktopNotifier {
  // Shows one event; never throws (a failure is logged and returned).
  show(event: StatusEvent, folded?: number): Promise<DesktopDelivery>;
}

// Desktop notifications over the user's session bus: org.freedesktop.Notifications.Notify through
// `busctl --user call` (which honours DBUS_SESSION_BUS_ADDRESS), falling back to notify-send when busctl
// is missing or fails. Each device's newest notification replaces its previous one (replaces_id,
// remembered in memory only: after a restart the server's ids may belong to other applications).
export function createDesktopNotifier(deps: DesktopNotifierDeps): DesktopNotifier {
  const timeoutMs = deps.timeoutMs ?? 5_000;
  const timeoutSeconds = Math.max(1, Math.ceil(timeoutMs / 1000));
  const now = deps.now ?? Date.now;
  const shownIds = new Map<string, number>();
  let busctlMissing = false;
  let markup: boolean | undefined;
  let notifySendFeatures: NotifySendFeatures | null | undefined;

  const run = (command: string, args: string[]) =>
    deps.runner(command, args, { timeoutMs: timeoutMs + 1_000, ...(deps.env ? { env: deps.env } : {}) });

  const serverMarkup = async (): Promise<boolean> => {
    if (markup !== undefined) return markup;
    const result = await run('busctl', busctlCapabilitiesArgs(timeoutSeconds));
    const capabilities = result.exitCode === 0 ? parseBusctlStringArray(result.stdout) : null;
    if (capabilities) markup = capabilities.includes('body-markup');
    return capabilities?.includes('body-markup') ?? false;
  };

  const viaBusctl = async (notification: DesktopNotification, replacesId: number): Promise<Shown | string> => {
    const body = (await serverMarkup()) ? escapeMarkup(notification.body) : notification.body;
    const result = await run('busctl', busctlNotifyArgs(notification, replacesId, body, timeoutSeconds));
    if (result.notFound) {
      busctlMissing = true;
      deps.log.info('busctl is not installed; desktop notifications go through notify-send');
      return failure(result);
    }
    if (result.exitCode !== 0 || result.timedOut || result.signal) return failure(result);
    const id = parseBusctlUint(result.stdout);
    if (id === null) deps.log.warn({ stdout: result.stdout.trim() }, 'busctl Notify answered something other than an id');
    return { delivered: true, via: 'busctl', id };
  };

  const viaNotifySend = async (notification: DesktopNotification, replacesId: number): Promise<Shown | string> => {
    if (notifySendFeatures === undefined) {
      const help = await run('notify-send', ['--help']);
      notifySendFeatures = help.notFound ? null : parseNotifySendHelp(help.stdout + help.stderr);
    }
    if (notifySendFeatures === null) return 'notify-send: not installed (Debian/Ubuntu: libnotify-bin, Fedora: libnotify)';
    // Nearly every server has body-markup, and notify-send cannot ask: escape.
    const result = await run('notify-send', notifySendArgs(notification, replacesId, escapeMarkup(notification.body), notifySendFeatures));
    if (result.exitCode !== 0 || result.timedOut || result.signal) return failure(result);
    const printed = /^\s*(\d+)\s*$/m.exec(result.stdout);
    return { delivered: true, via: 'notify-send', id: notifySendFeatures.printId && printed ? Number(printed[1]) : null };
  };

  return {
    async show(event, folded = 0) {
      const notification = notificationFor(event, { now: now(), folded });
      const replacesId = shownIds.get(notification.key) ?? 0;
      const errors: string[] = [];
      try {
        if (!busctlMissing) {
          const outcome = await viaBusctl(notification, replacesId);
          if (typeof outcome !== 'string') {
            if (outcome.id !== null) shownIds.set(notification.key, outcome.id);
            return outcome;
          }
          if (!busctlMissing) errors.push(outcome);
        }
        const outcome = await viaNotifySend(notification, replacesId);
        if (typeof outcome !== 'string') {
          if (outcome.id !== null) shownIds.set(notification.key, outcome.id);
          else shownIds.delete(notification.key);
          return outcome;
        }
        errors.push(outcome);
      } catch (error) {
        errors.push((error as Error).message);
      }
      const message = errors.join('; ');
      deps.log.warn({ event: event.id, kind: event.kind, device: event.device }, `could not show a desktop notification: ${message}`);
      return { delivered: false, error: message };
    },
  };
}
