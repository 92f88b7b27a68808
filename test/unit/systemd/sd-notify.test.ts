import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { CommandResult, CommandRunner, RunOptions } from '../../../src/host/runner.js';
import {
  createSystemdNotifier,
  notifyArgs,
  parseWatchdogUsec,
  statusText,
  watchdogIntervalMs,
} from '../../../src/host/sd-notify.js';

const SOCKET = '/run/systemd/notify';

describe('parseWatchdogUsec', () => {
  it('reads the positive integer microseconds systemd sets', () => {
    expect(parseWatchdogUsec('400000')).toBe(400000);
    expect(parseWatchdogUsec('60000000')).toBe(60000000);
    expect(parseWatchdogUsec(' 30000000\n')).toBe(30000000);
  });

  it('treats anything else as no watchdog', () => {
    for (const value of [undefined, '', '0', '-5', '1e6', '1.5', 'abc', '400000us', '99999999999999999999']) {
      expect(parseWatchdogUsec(value), String(value)).toBeNull();
    }
  });
});

describe('watchdogIntervalMs', () => {
  it('pings at half the interval systemd set', () => {
    expect(watchdogIntervalMs({ NOTIFY_SOCKET: SOCKET, WATCHDOG_USEC: '60000000' }, 42)).toBe(30_000);
    expect(watchdogIntervalMs({ NOTIFY_SOCKET: SOCKET, WATCHDOG_USEC: '400000' }, 42)).toBe(200);
    expect(watchdogIntervalMs({ NOTIFY_SOCKET: SOCKET, WATCHDOG_USEC: '1000' }, 42)).toBe(1);
  });

  it('honours WATCHDOG_PID: the watchdog is for that process only', () => {
    expect(watchdogIntervalMs({ NOTIFY_SOCKET: SOCKET, WATCHDOG_USEC: '400000', WATCHDOG_PID: '42' }, 42)).toBe(200);
    expect(watchdogIntervalMs({ NOTIFY_SOCKET: SOCKET, WATCHDOG_USEC: '400000', WATCHDOG_PID: '4242' }, 42)).toBeNull();
  });

  it('has no watchdog without NOTIFY_SOCKET or WATCHDOG_USEC', () => {
    expect(watchdogIntervalMs({ WATCHDOG_USEC: '400000' }, 42)).toBeNull();
    expect(watchdogIntervalMs({ NOTIFY_SOCKET: '', WATCHDOG_USEC: '400000' }, 42)).toBeNull();
    expect(watchdogIntervalMs({ NOTIFY_SOCKET: SOCKET }, 42)).toBeNull();
  });
});

describe('notifyArgs', () => {
  it('maps each state to systemd-notify arguments', () => {
    expect(notifyArgs({ ready: true, status: 'serving http://127.0.0.1:10461/metrics' })).toEqual([
      '--ready',
      '--status=serving http://127.0.0.1:10461/metrics',
    ]);
    expect(notifyArgs({ watchdog: true })).toEqual(['WATCHDOG=1']);
    expect(notifyArgs({ stopping: true, status: 'stopping' })).toEqual(['--status=stopping', 'STOPPING=1']);
    expect(notifyArgs({ status: 'NPU broken' })).toEqual(['--status=NPU broken']);
  });

  it('keeps a status on one line, since the datagram is newline-separated', () => {
    expect(statusText('compile_crash\nREADY=1\tx')).toBe('compile_crash READY=1 x');
    expect(statusText('x'.repeat(500))).toHaveLength(200);
  });
});

// A runner that records calls and answers with `answer`.
function fakeRunner(answer: (args: string[]) => Promise<Partial<CommandResult>> = async () => ({})) {
  const calls: { command: string; args: string[]; options?: RunOptions }[] = [];
  const runner: CommandRunner = async (command, args, options) => {
    calls.push({ command, args, ...(options ? { options } : {}) });
    const partial = await answer(args);
    return {
      command,
      args,
      exitCode: 0,
      signal: null,
      stdout: '',
      stderr: '',
      notFound: false,
      startError: null,
      timedOut: false,
      durationMs: 1,
      ...partial,
    };
  };
  return { runner, calls };
}

function fakeLog() {
  return { debug: vi.fn(), info: vi.fn(), warn: vi.fn(), error: vi.fn() };
}

describe('createSystemdNotifier', () => {
  beforeEach(() => {
    vi.useFakeTimers();
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  it('is a no-op without NOTIFY_SOCKET: nothing is spawned, not even for the watchdog', async () => {
    const { runner, calls } = fakeRunner();
    const notifier = createSystemdNotifier({ env: { WATCHDOG_USEC: '400000' }, pid: 42, runner, log: fakeLog() });
    expect(notifier.enabled).toBe(false);
    expect(notifier.watchdogMs).toBeNull();
    await notifier.ready('serving');
    await notifier.status('x');
    notifier.startWatchdog();
    await vi.advanceTimersByTimeAsync(5_000);
    await notifier.stopping('stopping');
    expect(calls).toEqual([]);
  });

  it('sends READY, STATUS and STOPPING through systemd-notify with a timeout', async () => {
    const { runner, calls } = fakeRunner();
    const notifier = createSystemdNotifier({ env: { NOTIFY_SOCKET: SOCKET }, pid: 42, runner, log: fakeLog() });
    await notifier.ready('serving http://127.0.0.1:10461/metrics');
    await notifier.status('NPU: broken');
    await notifier.stopping();
    expect(calls.map((call) => [call.command, ...call.args])).toEqual([
      ['systemd-notify', '--ready', '--status=serving http://127.0.0.1:10461/metrics'],
      ['systemd-notify', '--status=NPU: broken'],
      ['systemd-notify', 'STOPPING=1'],
    ]);
    expect(calls[0]?.options?.timeoutMs).toBeGreaterThan(0);
  });

  it('pings WATCHDOG=1 every WATCHDOG_USEC/2 from a timer until stopping', async () => {
    const { runner, calls } = fakeRunner();
    const notifier = createSystemdNotifier({
      env: { NOTIFY_SOCKET: SOCKET, WATCHDOG_USEC: '400000', WATCHDOG_PID: '42' },
      pid: 42,
      runner,
      log: fakeLog(),
    });
    expect(notifier.watchdogMs).toBe(200);
    notifier.startWatchdog();
    notifier.startWatchdog(); // a second start changes nothing
    await vi.advanceTimersByTimeAsync(199);
    expect(calls).toHaveLength(0);
    await vi.advanceTimersByTimeAsync(1);
    expect(calls.map((call) => call.args)).toEqual([['WATCHDOG=1']]);
    await vi.advanceTimersByTimeAsync(800);
    expect(calls).toHaveLength(5);
    await notifier.stopping('stopping');
    await vi.advanceTimersByTimeAsync(2_000);
    expect(calls.map((call) => call.args).slice(-2)).toEqual([['WATCHDOG=1'], ['--status=stopping', 'STOPPING=1']]);
    expect(calls).toHaveLength(6);
  });

  it('does not ping for another process (WATCHDOG_PID) or without WATCHDOG_USEC', async () => {
    for (const env of [
      { NOTIFY_SOCKET: SOCKET, WATCHDOG_USEC: '400000', WATCHDOG_PID: '4242' },
      { NOTIFY_SOCKET: SOCKET },
    ]) {
      const { runner, calls } = fakeRunner();
      const notifier = createSystemdNotifier({ env, pid: 42, runner, log: fakeLog() });
      notifier.startWatchdog();
      await vi.advanceTimersByTimeAsync(5_000);
      expect(calls).toEqual([]);
    }
  });

  it('never runs two pings at once when systemd-notify is slow', async () => {
    let release: () => void = () => {};
    const { runner, calls } = fakeRunner(() => new Promise((resolve) => (release = () => resolve({})))) ;
    const notifier = createSystemdNotifier({ env: { NOTIFY_SOCKET: SOCKET, WATCHDOG_USEC: '400000' }, pid: 42, runner, log: fakeLog() });
    notifier.startWatchdog();
    await vi.advanceTimersByTimeAsync(1_000);
    expect(calls).toHaveLength(1);
    release();
    await vi.advanceTimersByTimeAsync(200);
    expect(calls).toHaveLength(2);
    notifier.stopWatchdog();
  });

  it('logs a failing systemd-notify once, again when the failure changes, and recovery once', async () => {
    let answer: Partial<CommandResult> = { exitCode: 1, stderr: 'Failed to notify init system: Connection refused\n' };
    const { runner } = fakeRunner(async () => answer);
    const log = fakeLog();
    const notifier = createSystemdNotifier({ env: { NOTIFY_SOCKET: SOCKET, WATCHDOG_USEC: '400000' }, pid: 42, runner, log });
    notifier.startWatchdog();
    await vi.advanceTimersByTimeAsync(1_000);
    expect(log.warn).toHaveBeenCalledTimes(1);
    expect(String(log.warn.mock.calls[0]?.[1])).toContain('Connection refused');
    answer = { exitCode: null, notFound: true };
    await vi.advanceTimersByTimeAsync(1_000);
    expect(log.warn).toHaveBeenCalledTimes(2);
    expect(String(log.warn.mock.calls[1]?.[1])).toContain('systemd-notify is not installed');
    answer = { exitCode: 0 };
    await vi.advanceTimersByTimeAsync(1_000);
    expect(log.info).toHaveBeenCalledTimes(1);
    notifier.stopWatchdog();
  });

  it('never throws, even when the runner does', async () => {
    const runner: CommandRunner = async () => {
      throw new Error('spawn failed');
    };
    const log = fakeLog();
    const notifier = createSystemdNotifier({ env: { NOTIFY_SOCKET: SOCKET }, pid: 42, runner, log });
    await expect(notifier.ready('x')).resolves.toBeUndefined();
    expect(log.warn).toHaveBeenCalledTimes(1);
  });
});
