import fs from 'node:fs';
import fsp from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { REPO } from './cli.js';

// The stub notification server (Python, Debian's python3-dbus and python3-gi).
export const NOTIFICATION_SERVER = path.join(REPO, 'test/fixtures/notification-server/server.py');

// What the stub records for each call (one JSON line each).
export interface RecordedCall {
  method: 'Notify' | 'GetCapabilities' | 'GetServerInformation' | 'CloseNotification';
  app_name?: string;
  replaces_id?: number;
  app_icon?: string;
  summary?: string;
  body?: string;
  actions?: string[];
  hints?: Record<string, unknown>;
  // The D-Bus type each hint's variant carried ("y" for the urgency byte).
  hint_types?: Record<string, string>;
  expire_timeout?: number;
  id?: number;
}

// A private session bus and the notification server on it.
export interface NotificationBus {
  // The bus address, for DBUS_SESSION_BUS_ADDRESS.
  address: string;
  // Every call the server recorded so far.
  calls(): RecordedCall[];
  // Only the Notify calls.
  notifications(): RecordedCall[];
  // Waits until at least `count` Notify calls were recorded.
  waitForNotifications(count: number, timeoutMs?: number): Promise<RecordedCall[]>;
  // Ends the server and the bus, and removes their files.
  stop(): Promise<void>;
}

const PACKAGES = 'dbus python3-dbus python3-gi libnotify-bin';

// The Python that can import dbus and gi (Debian's /usr/bin/python3 first: a pyenv or venv python usually cannot).
export function dbusPython(): string {
  for (const candidate of ['/usr/bin/python3', 'python3']) {
    const probe = spawnSync(candidate, ['-c', 'import dbus, dbus.mainloop.glib; from gi.repository import GLib'], { stdio: 'ignore' });
    if (probe.status === 0) return candidate;
  }
  throw new Error(`no python3 with the dbus and gi modules; install the Debian packages ${PACKAGES}`);
}

// Starts `dbus-daemon --session --print-address --nofork` on a socket in a fresh directory, then the
// stub org.freedesktop.Notifications server on it; resolves once the server owns its name.
export async function startNotificationBus(): Promise<NotificationBus> {
  const dir = await fsp.mkdtemp(path.join(os.tmpdir(), 'npu-watch-dbus-'));
  const record = path.join(dir, 'calls.jsonl');
  const processes: ChildProcess[] = [];
  const stop = async () => {
    for (const child of processes.reverse()) await end(child);
    await fsp.rm(dir, { recursive: true, force: true });
  };
  try {
    const daemon = spawn('dbus-daemon', ['--session', '--print-address', '--nofork', `--address=unix:path=${path.join(dir, 'bus')}`], {
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    processes.push(daemon);
    const address = (await firstLine(daemon, 'dbus-daemon', 10_000, `is dbus-daemon installed? (Debian: ${PACKAGES})`)).trim();
    const server = spawn(dbusPython(), [NOTIFICATION_SERVER, record], {
      stdio: ['ignore', 'pipe', 'pipe'],
      env: { ...process.env, DBUS_SESSION_BUS_ADDRESS: address },
    });
    processes.push(server);
    const ready = await firstLine(server, 'server.py', 15_000);
    if (ready.trim() !== 'ready') throw new Error(`server.py said ${JSON.stringify(ready)} instead of "ready"`);
    const calls = (): RecordedCall[] => {
      let text = '';
      try {
        text = fs.readFileSync(record, 'utf8');
      } catch {
        return [];
      }
      return text
        .split('\n')
        .filter((line) => line.trim() !== '')
        .map((line) => JSON.parse(line) as RecordedCall);
    };
    const notifications = () => calls().filter((call) => call.method === 'Notify');
    return {
      address,
      calls,
      notifications,
      async waitForNotifications(count, timeoutMs = 15_000) {
        const deadline = Date.now() + timeoutMs;
        for (;;) {
          const found = notifications();
          if (found.length >= count) return found;
          if (server.exitCode !== null) throw new Error(`the notification server exited ${server.exitCode}`);
          if (Date.now() > deadline) throw new Error(`expected ${count} notifications within ${timeoutMs} ms, got ${found.length}: ${JSON.stringify(found)}`);
          await new Promise((resolve) => setTimeout(resolve, 50));
        }
      },
      stop,
    };
  } catch (error) {
    await stop();
    throw error;
  }
}

// Resolves with the first line a child prints on stdout; rejects (with its stderr) if it exits first.
function firstLine(child: ChildProcess, name: string, timeoutMs: number, hint = ''): Promise<string> {
  return new Promise((resolve, reject) => {
    let out = '';
    let err = '';
    const timer = setTimeout(() => fail(new Error(`${name} printed nothing within ${timeoutMs} ms: ${err}`)), timeoutMs);
    const fail = (error: Error) => {
      clearTimeout(timer);
      reject(error);
    };
    child.once('error', (error) => fail(new Error(`${name}: ${error.message}${hint ? `; ${hint}` : ''}`)));
    child.once('exit', (code, signal) => fail(new Error(`${name} exited (${code ?? signal}) before it was ready: ${err}`)));
    child.stderr?.on('data', (chunk: Buffer) => {
      err += chunk.toString();
    });
    child.stdout?.on('data', (chunk: Buffer) => {
      out += chunk.toString();
      const newline = out.indexOf('\n');
      if (newline !== -1) {
        clearTimeout(timer);
        resolve(out.slice(0, newline));
      }
    });
  });
}

// Ends a child (SIGTERM, then SIGKILL after 3 s) and waits for it.
export async function end(child: ChildProcess): Promise<void> {
  if (child.pid === undefined || child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  child.kill('SIGTERM');
  const timer = setTimeout(() => child.kill('SIGKILL'), 3_000);
  await exited;
  clearTimeout(timer);
}
