import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { eventually, startDaemon, writeFixtureConfig, type RunningDaemon } from '../helpers/cli.js';
import { materializeHost, type MaterializedHost } from '../helpers/host-fixture.js';

// systemd's side of sd_notify(3), played by a real AF_UNIX SOCK_DGRAM socket (Node cannot bind one): it records
// every datagram as a JSON line with its arrival time and, on READY=1, first GETs /healthz at the URL in the
// STATUS= field (proof the daemon answers HTTP at the moment it says it is ready). Only then does it close the
// fds passed with the datagram, which is what systemd-notify's BARRIER=1 waits for: so every message the daemon
// waited for is in the record by the time the daemon goes on (after its STOPPING=1, by the time it exits).
const RECEIVER = `
import array, json, os, re, socket, sys, time, urllib.request
path, out = sys.argv[1], sys.argv[2]
sock = socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM)
sock.bind(path)
with open(out, 'a') as log:
    while True:
        data, ancillary, _flags, _addr = sock.recvmsg(65536, socket.CMSG_SPACE(64 * 4))
        text = data.decode('utf-8', 'replace')
        record = {'t': time.time(), 'data': text}
        if 'READY=1' in text.split('\\n'):
            match = re.search(r'(http://\\S+)/metrics', text)
            try:
                with urllib.request.urlopen(match.group(1) + '/healthz', timeout=5) as response:
                    record['healthz'] = response.status
            except Exception as error:
                record['healthz'] = 'error: %s' % error
        log.write(json.dumps(record) + '\\n')
        log.flush()
        for level, kind, payload in ancillary:
            if level == socket.SOL_SOCKET and kind == socket.SCM_RIGHTS:
                fds = array.array('i')
                fds.frombytes(payload[: len(payload) - len(payload) % fds.itemsize])
                for fd in fds:
                    os.close(fd)
`;

interface Datagram {
  t: number;
  data: string;
  healthz?: number | string;
}

interface Receiver {
  socket: string;
  datagrams(): Datagram[];
  close(): void;
}

async function startReceiver(dir: string): Promise<Receiver> {
  const script = path.join(dir, 'notify-receiver.py');
  fs.writeFileSync(script, RECEIVER);
  const socket = path.join(dir, 'notify.sock');
  const out = path.join(dir, 'datagrams.jsonl');
  const child: ChildProcess = spawn('python3', [script, socket, out], { stdio: ['ignore', 'ignore', 'inherit'] });
  await eventually(async () => fs.existsSync(socket), 'the notify receiver socket');
  return {
    socket,
    datagrams: () =>
      fs.existsSync(out)
        ? fs
            .readFileSync(out, 'utf8')
            .split('\n')
            .filter(Boolean)
            .map((line) => JSON.parse(line) as Datagram)
        : [],
    close: () => {
      child.kill('SIGKILL');
    },
  };
}

// The start time (s since the epoch) of the daemon's latest host-probe pass, from /metrics.
async function lastProbePass(daemon: RunningDaemon): Promise<number | undefined> {
  const text = await (await fetch(`${daemon.url}/metrics`)).text();
  const match = /^npuwatch_probe_last_run_timestamp_seconds\{probe="device"\} (\S+)$/m.exec(text);
  return match ? Number(match[1]) : undefined;
}

// The sentinel for "no ping on a timer", instead of a wait: a host-probe pass that the daemon's every-second
// schedule started at least a second after an earlier one. The daemon arms the watchdog timer before it
// schedules the probes (daemon.ts), and Node runs due timers in order of expiry, so by then a watchdog timer
// of 200 ms would have fired about five times, however slowly a loaded machine ran the daemon.
async function aSecondOfDaemonTimers(daemon: RunningDaemon): Promise<void> {
  const first = await eventually(() => lastProbePass(daemon), 'a first host-probe pass');
  await eventually(async () => ((await lastProbePass(daemon)) ?? 0) >= first + 1, 'a host-probe pass a second later');
}

const fields = (datagram: Datagram) => datagram.data.split('\n');
const has = (field: string) => (datagram: Datagram) => fields(datagram).includes(field);

describe('sd_notify protocol against a fake NOTIFY_SOCKET', () => {
  let host: MaterializedHost;
  let dir: string;
  let receiver: Receiver | undefined;
  let daemon: RunningDaemon | undefined;
  beforeAll(async () => {
    host = await materializeHost('fedora43-lunarlake');
  });
  afterEach(async () => {
    await daemon?.stop('SIGKILL');
    daemon = undefined;
    receiver?.close();
    receiver = undefined;
    if (dir) fs.rmSync(dir, { recursive: true, force: true });
  });
  afterAll(() => host?.cleanup());

  // With `everySecond`, the host probes run every second: the daemon's own clock for the sentinel below.
  const start = async (env: Record<string, string>, pathDirs: string[] = [], everySecond = false) => {
    const schedule = everySecond ? '\n[schedule]\nprobes = "* * * * * *"\n' : '';
    const config = await writeFixtureConfig(host.paths, `\n[http]\nlisten = "127.0.0.1:0"\n${schedule}`);
    daemon = await startDaemon(config, { env: { PATH: [...pathDirs, host.bin, process.env.PATH ?? ''].join(':'), ...env } });
    return daemon;
  };

  it('sends READY=1 once HTTP answers, WATCHDOG=1 every WATCHDOG_USEC/2, STOPPING=1 on SIGTERM', async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'npu-watch-notify-'));
    receiver = await startReceiver(dir);
    const running = await start({ NOTIFY_SOCKET: receiver.socket, WATCHDOG_USEC: '2000000' });
    const r = receiver;

    // Pings every second (half of 2 s): six within about six seconds.
    await eventually(async () => r.datagrams().filter(has('WATCHDOG=1')).length >= 6, 'six WATCHDOG=1 pings');
    const ready = r.datagrams().filter(has('READY=1'));
    expect(ready).toHaveLength(1);
    expect(fields(ready[0]!)).toContain(`STATUS=serving ${running.url}/metrics`);
    expect(ready[0]!.healthz).toBe(200);
    // READY comes first; the watchdog starts once the daemon is up.
    const first = r.datagrams().findIndex(has('WATCHDOG=1'));
    expect(first).toBeGreaterThan(r.datagrams().findIndex(has('READY=1')));

    const pings = r.datagrams().filter(has('WATCHDOG=1'));
    const gaps = pings.slice(1).map((ping, index) => ping.t - pings[index]!.t);
    // Half of 2 s, on a timer: the median gap is near 1 s (a ping still under way skips a tick: 2 s), and not
    // the full 2 s or a µs/ms mix-up.
    const median = [...gaps].sort((a, b) => a - b)[Math.floor(gaps.length / 2)]!;
    expect(median).toBeGreaterThan(0.8);
    expect(median).toBeLessThan(1.6);

    const exit = await running.stop('SIGTERM');
    daemon = undefined;
    expect(exit).toEqual({ exitCode: 0, signal: null });
    const all = r.datagrams();
    const stopping = all.findIndex(has('STOPPING=1'));
    expect(stopping).toBeGreaterThan(all.findIndex(has('READY=1')));
    expect(all.filter(has('STOPPING=1'))).toHaveLength(1);
    // The watchdog stops with the shutdown: at most a ping already under way arrives after STOPPING=1.
    expect(all.slice(stopping + 1).filter(has('WATCHDOG=1')).length).toBeLessThanOrEqual(1);
  });

  it('does not ping the watchdog when WATCHDOG_PID names another process', async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'npu-watch-notify-'));
    receiver = await startReceiver(dir);
    const r = receiver;
    const running = await start({ NOTIFY_SOCKET: receiver.socket, WATCHDOG_USEC: '400000', WATCHDOG_PID: '1' }, [], true);
    await eventually(async () => r.datagrams().some(has('READY=1')), 'READY=1');
    await aSecondOfDaemonTimers(running);
    // And a last datagram, sent after any ping would have been: STOPPING=1.
    expect(await running.stop('SIGTERM')).toEqual({ exitCode: 0, signal: null });
    daemon = undefined;
    expect(r.datagrams().filter(has('STOPPING=1'))).toHaveLength(1);
    expect(r.datagrams().filter(has('WATCHDOG=1'))).toEqual([]);
  });

  it('spawns no systemd-notify at all without NOTIFY_SOCKET (and does with it, through PATH)', async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'npu-watch-notify-'));
    // A systemd-notify stand-in first on PATH: it records each call.
    const bin = path.join(dir, 'bin');
    const marker = path.join(dir, 'systemd-notify-calls');
    fs.mkdirSync(bin);
    fs.writeFileSync(path.join(bin, 'systemd-notify'), `#!/bin/sh\necho "$*" >> '${marker}'\n`, { mode: 0o755 });

    const quiet = await start({ NOTIFY_SOCKET: '', WATCHDOG_USEC: '400000' }, [bin], true);
    expect((await fetch(`${quiet.url}/healthz`)).status).toBe(200);
    await aSecondOfDaemonTimers(quiet);
    expect(await quiet.stop('SIGTERM')).toEqual({ exitCode: 0, signal: null });
    daemon = undefined;
    expect(fs.existsSync(marker)).toBe(false);

    // The control: the same stand-in is what the daemon runs when NOTIFY_SOCKET is set.
    const loud = await start({ NOTIFY_SOCKET: path.join(dir, 'nobody-listens.sock'), WATCHDOG_USEC: '400000' }, [bin]);
    await eventually(async () => fs.existsSync(marker) && fs.readFileSync(marker, 'utf8').includes('WATCHDOG=1'), 'a WATCHDOG=1 call');
    await loud.stop('SIGTERM');
    daemon = undefined;
    const calls = fs.readFileSync(marker, 'utf8').split('\n').filter(Boolean);
    expect(calls[0]).toBe(`--ready --status=serving ${loud.url}/metrics`);
    expect(calls).toContain('WATCHDOG=1');
    // STOPPING=1 is the last call but for at most one ping that was already under way (the first test's rule).
    const stopping = calls.findIndex((call) => /^--status=stopping.* STOPPING=1$/.test(call));
    expect(stopping).toBeGreaterThan(0);
    expect(calls.slice(stopping + 1).length).toBeLessThanOrEqual(1);
    for (const call of calls.slice(stopping + 1)) expect(call).toBe('WATCHDOG=1');
  });
});
