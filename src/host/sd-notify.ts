import type { BasicLogger } from '../log.js';
import { describeCommandFailure, type CommandRunner } from './runner.js';

// sd_notify(3) for Node, which has no unix datagram sockets: each state message is sent by running
// `systemd-notify` (argument arrays through the command runner, never a shell). systemd-notify sends from its
// own pid, not the daemon's, so the unit needs NotifyAccess=all (NotifyAccess=main would drop every message).
// systemd-notify waits for the manager to process each message (BARRIER=1), so the sender is still alive and
// attributable to the service when systemd looks at it. Without NOTIFY_SOCKET (not started by systemd, or a
// unit that is not Type=notify) every call is a no-op and no process is spawned.

export const SYSTEMD_NOTIFY = 'systemd-notify';

// Long enough for a loaded manager to answer the barrier; a ping that takes longer is logged as failed.
const NOTIFY_TIMEOUT_MS = 5_000;

export interface NotifyMessage {
  ready?: boolean;
  watchdog?: boolean;
  stopping?: boolean;
  // Free text shown by `systemctl status` (one line).
  status?: string;
}

// WATCHDOG_USEC as systemd sets it: a positive integer of microseconds; anything else is no watchdog.
export function parseWatchdogUsec(value: string | undefined): number | null {
  if (value === undefined || !/^\d+$/.test(value.trim())) return null;
  const usec = Number(value.trim());
  return Number.isSafeInteger(usec) && usec > 0 ? usec : null;
}

// How often to send WATCHDOG=1, in milliseconds: half the timeout systemd set (sd_watchdog_enabled(3)
// recommends pinging at half the interval), or null when there is no watchdog for this process: no
// NOTIFY_SOCKET, no valid WATCHDOG_USEC, or a WATCHDOG_PID naming another process.
export function watchdogIntervalMs(env: NodeJS.ProcessEnv, pid: number): number | null {
  if (!env.NOTIFY_SOCKET) return null;
  const usec = parseWatchdogUsec(env.WATCHDOG_USEC);
  if (usec === null) return null;
  const watchdogPid = env.WATCHDOG_PID?.trim();
  if (watchdogPid && watchdogPid !== String(pid)) return null;
  return Math.max(1, Math.floor(usec / 2_000));
}

// A STATUS= value fit for one datagram field: no newlines, no control characters, bounded length.
export function statusText(text: string): string {
  // eslint-disable-next-line no-control-regex
  const line = text.replace(/[\u0000-\u001f\u007f]+/g, ' ').trim();
  return line.length > 200 ? `${line.slice(0, 199)}…` : line;
}

// systemd-notify's arguments for one message: `--ready`, `--status=…` and plain VAR=VALUE assignments
// (WATCHDOG=1, STOPPING=1), which every systemd-notify version sends as they are.
export function notifyArgs(message: NotifyMessage): string[] {
  const args: string[] = [];
  if (message.ready) args.push('--ready');
  if (message.status !== undefined) args.push(`--status=${statusText(message.status)}`);
  if (message.watchdog) args.push('WATCHDOG=1');
  if (message.stopping) args.push('STOPPING=1');
  return args;
}

export interface SystemdNotifier {
  // NOTIFY_SOCKET is set: messages are sent.
  readonly enabled: boolean;
  // The watchdog ping interval, or null when systemd asked for none.
  readonly watchdogMs: number | null;
  // READY=1 (and a status line): call once the service does what it is for.
  ready(status?: string): Promise<void>;
  status(text: string): Promise<void>;
  // Stops the watchdog, then STOPPING=1 (and a status line).
  stopping(status?: string): Promise<void>;
  // Pings WATCHDOG=1 every watchdogMs from a timer on the event loop, so a blocked loop stops the pings and
  // systemd restarts the service. The timer does not keep the process alive.
  startWatchdog(): void;
  stopWatchdog(): void;
}

export interface SystemdNotifierDeps {
  env: NodeJS.ProcessEnv;
  pid: number;
  runner: CommandRunner;
  log: BasicLogger;
}

export function createSystemdNotifier(deps: SystemdNotifierDeps): SystemdNotifier {
  const enabled = Boolean(deps.env.NOTIFY_SOCKET);
  const watchdogMs = watchdogIntervalMs(deps.env, deps.pid);
  let timer: NodeJS.Timeout | undefined;
  let pinging = false;
  let lastFailure: string | undefined;

  // Sends one message; never throws. A failure is logged once until it changes or sending works again.
  const send = async (message: NotifyMessage): Promise<void> => {
    if (!enabled) return;
    const args = notifyArgs(message);
    try {
      const result = await deps.runner(SYSTEMD_NOTIFY, args, { timeoutMs: NOTIFY_TIMEOUT_MS });
      if (result.exitCode === 0) {
        if (lastFailure !== undefined) deps.log.info('systemd notifications work again');
        lastFailure = undefined;
        return;
      }
      report(result.notFound
        ? `${SYSTEMD_NOTIFY} is not installed: systemd cannot be told the service is ready or alive`
        : describeCommandFailure(result));
    } catch (error) {
      report(`${SYSTEMD_NOTIFY} ${args.join(' ')}: ${(error as Error).message}`);
    }
  };
  const report = (failure: string) => {
    if (failure !== lastFailure) deps.log.warn({ failure }, `systemd notification failed: ${failure}`);
    lastFailure = failure;
  };

  const stopWatchdog = () => {
    if (timer !== undefined) clearInterval(timer);
    timer = undefined;
  };

  return {
    enabled,
    watchdogMs,
    ready: (status) => send({ ready: true, ...(status !== undefined ? { status } : {}) }),
    status: (text) => send({ status: text }),
    async stopping(status) {
      stopWatchdog();
      await send({ stopping: true, ...(status !== undefined ? { status } : {}) });
    },
    startWatchdog() {
      if (watchdogMs === null || timer !== undefined) return;
      timer = setInterval(() => {
        // One ping at a time: a slow systemd-notify must not pile up processes.
        if (pinging) return;
        pinging = true;
        void send({ watchdog: true }).finally(() => {
          pinging = false;
        });
      }, watchdogMs);
      timer.unref();
    },
    stopWatchdog,
  };
}
