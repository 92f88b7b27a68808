import { z } from 'zod';
import { systemClock, type Clock } from '../host/clock.js';
import type { CommandResult, CommandRunner } from '../host/runner.js';
import type { BasicLogger } from '../log.js';
import type { StatusEvent } from '../status/types.js';
import { notificationFor, type DesktopNotification, type Urgency } from './desktop-notification.js';

// The urgency hint is a byte (Desktop Notifications Specification 1.2, "Urgency Levels").
const URGENCY_BYTE: Readonly<Record<Urgency, number>> = { low: 0, normal: 1, critical: 2 };

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
    '--json=short',
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
  return ['--user', '--json=short', `--timeout=${timeoutSeconds}`, '--', 'call', BUS_NAME, OBJECT_PATH, BUS_NAME, 'GetCapabilities'];
}

// busctl --json=short prints a method's reply as {"type": <the reply's D-Bus signature>, "data": [<one JSON
// value per reply argument>]} (busctl(1), "--json="; systemd src/busctl/busctl.c, call(), built with
// json_transform_message() from src/shared/json-transform.c): Notify's reply is {"type":"u","data":[7]},
// GetCapabilities' {"type":"as","data":[["body","body-markup"]]}.
const notifyReplySchema = z.object({ type: z.literal('u'), data: z.tuple([z.number().int().min(0)]) });
const capabilitiesReplySchema = z.object({ type: z.literal('as'), data: z.tuple([z.array(z.string())]) });

// The notification id in busctl's JSON reply to Notify; null when the output is not that.
export function notifyReplyId(stdout: string): number | null {
  return readJson(notifyReplySchema, stdout)?.data[0] ?? null;
}

// The capabilities in busctl's JSON reply to GetCapabilities; null when the output is not that.
export function capabilitiesReply(stdout: string): string[] | null {
  return readJson(capabilitiesReplySchema, stdout)?.data[0] ?? null;
}

function readJson<T>(schema: z.ZodType<T>, text: string): T | null {
  try {
    const checked = schema.safeParse(JSON.parse(text));
    return checked.success ? checked.data : null;
  } catch {
    return null;
  }
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
  // The time, to name an old event's time in its notification.
  clock?: Clock;
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
  const clock = deps.clock ?? systemClock;
  const shownIds = new Map<string, number>();
  let busctlMissing = false;
  let markup: boolean | undefined;
  let notifySendFeatures: NotifySendFeatures | null | undefined;

  const run = (command: string, args: string[]) =>
    deps.runner(command, args, { timeoutMs: timeoutMs + 1_000, ...(deps.env ? { env: deps.env } : {}) });

  const serverMarkup = async (): Promise<boolean> => {
    if (markup !== undefined) return markup;
    const result = await run('busctl', busctlCapabilitiesArgs(timeoutSeconds));
    const capabilities = result.exitCode === 0 ? capabilitiesReply(result.stdout) : null;
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
    const id = notifyReplyId(result.stdout);
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
      const notification = notificationFor(event, { now: clock.now(), folded });
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
