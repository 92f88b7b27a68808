// Runs `npu-watch notify` in-process (runNotify) with an injected `show`, capturing what it logs and shows.
import fs from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import type { AddressInfo } from 'node:net';
import { runNotify, type NotifyOptions } from '../../src/commands/notify.js';
import type { Config } from '../../src/config.js';
import type { StatusEvent } from '../../src/status/types.js';

export const NOTIFY_CONFIG = { http: { listen: { host: '127.0.0.1', port: 9464 } } } as unknown as Config;

// One log call: its level, message and fields.
export interface LogLine {
  level: string;
  message: string;
  object: Record<string, unknown>;
}

// A BasicLogger recording every call.
export function capturingLog() {
  const lines: LogLine[] = [];
  const at = (level: string) => (object: unknown, message?: string) =>
    void lines.push({ level, message: message ?? (typeof object === 'string' ? object : ''), object: typeof object === 'object' && object ? (object as Record<string, unknown>) : {} });
  return { lines, log: { debug: at('debug'), info: at('info'), warn: at('warn'), error: at('error') } };
}

// A running notifier: what it showed and logged, and how to stop it (resolves with its exit code).
export interface RunningNotify {
  shown: StatusEvent[];
  lines: LogLine[];
  // Messages above debug level.
  messages(): string[];
  stop(): Promise<number>;
}

// Cleanups registered by the helpers below, run by the test file's afterEach (runCleanups).
const cleanups: Array<() => Promise<void> | void> = [];

// Runs what the helpers left behind, newest first.
export async function runCleanups(): Promise<void> {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
}

// Starts runNotify on `url` with short backoff (50 ms → 400 ms) unless `extra` says otherwise.
export function startNotify(url: string, lastIdFile: string, extra: Partial<NotifyOptions> = {}): RunningNotify {
  const stop = new AbortController();
  const shown: StatusEvent[] = [];
  const { lines, log } = capturingLog();
  const done = runNotify(NOTIFY_CONFIG, log, {
    url,
    lastIdFile,
    signal: stop.signal,
    show: async (shownEvent) => void shown.push(shownEvent),
    backoffInitialMs: 50,
    backoffMaxMs: 400,
    ...extra,
  });
  cleanups.push(async () => {
    stop.abort();
    await done;
  });
  return {
    shown,
    lines,
    messages: () => lines.filter((line) => line.level !== 'debug').map((line) => line.message),
    stop: () => {
      stop.abort();
      return done;
    },
  };
}

// A fresh last-id file path (its directory not yet created), removed after the test.
export function tempLastIdFile(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'npu-watch-notify-'));
  cleanups.push(() => fs.rmSync(dir, { recursive: true, force: true }));
  return path.join(dir, 'state', 'notify-last-id');
}

// An HTTP server on 127.0.0.1 (port 0: any free one), closed after the test.
export async function listen(handler: http.RequestListener, port = 0): Promise<{ url: string; port: number; stop(): Promise<void> }> {
  const server = http.createServer(handler);
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', resolve);
  });
  const stop = async () => {
    if (!server.listening) return;
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  };
  cleanups.push(stop);
  const bound = (server.address() as AddressInfo).port;
  return { url: `http://127.0.0.1:${bound}`, port: bound, stop };
}
