import fs from 'node:fs';
import fsp from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { execa } from 'execa';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { CheckReport } from '../../src/report/check-report.js';
import { eventually, runCli, startDaemon, writeFixtureConfig, type RunningDaemon } from '../helpers/cli.js';
import { commandsWith, materializeHost, type MaterializedHost } from '../helpers/host-fixture.js';
import { golden, normalizeScrape } from '../helpers/scrape.js';
import { descendantsOf, leftOver, runs } from '../helpers/processes.js';

const get = (url: string, init?: RequestInit) => fetch(url, init);

// Waits until the daemon's first pass (host probes and the update check) is in /status.
async function firstPassDone(daemon: RunningDaemon): Promise<CheckReport> {
  return eventually(async () => {
    const report = (await (await get(`${daemon.url}/status`)).json()) as CheckReport;
    return report.probes.length === 3 && report.devices.every((d) => d.canary !== null) ? report : undefined;
  }, 'the first probe and canary pass');
}

for (const hostName of ['fedora43-lunarlake', 'ubuntu2404-meteorlake', 'no-npu']) {
  describe(`daemon on the ${hostName} host`, () => {
    let host: MaterializedHost;
    let daemon: RunningDaemon;
    beforeAll(async () => {
      host = await materializeHost(hostName);
      const config = await writeFixtureConfig(host.paths, '\n[http]\nlisten = "127.0.0.1:0"\n');
      daemon = await startDaemon(config, { bin: host.bin });
      await firstPassDone(daemon);
    });
    afterAll(async () => {
      await daemon?.stop();
      await host?.cleanup();
    });

    it('serves /metrics matching the golden scrape for this host', async () => {
      const response = await get(`${daemon.url}/metrics`);
      expect(response.status).toBe(200);
      expect(response.headers.get('content-type')).toBe('text/plain; version=0.0.4; charset=utf-8');
      const normalized = normalizeScrape(await response.text());
      expect(normalized).toBe(golden(`${hostName}.metrics`, normalized));
    });

    it('passes the real `promtool check metrics`', async () => {
      const scrape = await (await get(`${daemon.url}/metrics`)).text();
      const result = await execa('promtool', ['check', 'metrics'], { input: scrape, reject: false });
      expect(result.stdout + result.stderr).toBe('');
      expect(result.exitCode).toBe(0);
    });
  });
}

describe('daemon HTTP, logs and lifecycle (Fedora host)', () => {
  let host: MaterializedHost;
  let daemons: RunningDaemon[] = [];
  beforeAll(async () => {
    host = await materializeHost('fedora43-lunarlake');
  });
  afterEach(async () => {
    await Promise.all(daemons.map((d) => d.stop('SIGKILL')));
    daemons = [];
  });
  afterAll(() => host.cleanup());

  const start = async (extra = '', options: Parameters<typeof startDaemon>[1] = {}) => {
    const config = await writeFixtureConfig(host.paths, `\n[http]\nlisten = "127.0.0.1:0"\n${extra}`);
    const daemon = await startDaemon(config, { bin: host.bin, ...options });
    daemons.push(daemon);
    return daemon;
  };

  it('answers /healthz, /, /status; 404 elsewhere; 405 for other methods', async () => {
    const before = Date.now();
    const daemon = await start();
    expect(await (await get(`${daemon.url}/healthz`)).text()).toBe('ok\n');
    const landing = await get(`${daemon.url}/`);
    expect(landing.headers.get('content-type')).toBe('text/html; charset=utf-8');
    expect(await landing.text()).toContain('<a href="/metrics">');
    const missing = await get(`${daemon.url}/nope`);
    expect(missing.status).toBe(404);
    expect(await missing.text()).toBe('not found: /nope; try /metrics or /status\n');
    const post = await get(`${daemon.url}/metrics`, { method: 'POST', body: 'x' });
    expect(post.status).toBe(405);
    expect(post.headers.get('allow')).toBe('GET, HEAD');
    const head = await get(`${daemon.url}/metrics`, { method: 'HEAD' });
    expect(head.status).toBe(200);
    expect(await head.text()).toBe('');
    const report = await firstPassDone(daemon);
    expect(report.devices.map((d) => [d.device, d.present])).toEqual([['NPU', true], ['CPU', true]]);
    // Each probe ran after this daemon was started and before now (the same clock), however long that took.
    for (const probe of report.probes) {
      expect(Date.parse(probe.started_at)).toBeGreaterThanOrEqual(before);
      expect(Date.parse(probe.started_at)).toBeLessThanOrEqual(Date.now());
    }
  });

  it('`npu-watch status` reads a running daemon; exit 3 when none answers', async () => {
    const daemon = await start();
    await firstPassDone(daemon);
    const status = await runCli(['status', '--url', daemon.url]);
    expect(status.exitCode).toBe(0);
    expect(status.stdout).toMatch(/^npu-watch \S+ status, /);
    expect(status.stdout).toMatch(/^ {2}intel-npu-driver +1\.16\.0-1\.fc44 +rpm +1\.17\.0-1\.fc43 available$/m);
    const json = await runCli(['status', '--json', '--url', daemon.url]);
    expect((JSON.parse(json.stdout) as CheckReport).components.length).toBeGreaterThan(5);
    await daemon.stop();
    const none = await runCli(['status', '--url', daemon.url]);
    expect(none.exitCode).toBe(3);
    expect(none.stderr).toContain(`npu-watch: no daemon answered at ${daemon.url}/status`);
  });


  it('SIGTERM while a probe command runs: the command and its children are ended, and the exit is still clean', async () => {
    const marker = '61.803';
    // dnf hangs in a child of its own, as a wrapper script's helper would.
    const daemon = await start('', { bin: await commandsWith(host, 'dnf', `#!/bin/sh\nsleep ${marker}\n`) });
    // The hanging dnf's process group, found among this daemon's own descendants (the sleep and the script).
    const hanging = await eventually(async () => {
      const tree = descendantsOf(daemon.child.pid!);
      const sleep = tree.find((process) => runs(process.argv, ['sleep', marker]));
      return sleep && tree.filter((process) => process.pgid === sleep.pgid);
    }, 'the update check to be running');
    expect(await daemon.stop('SIGTERM')).toEqual({ exitCode: 0, signal: null });
    expect(daemon.lines().at(-1)).toMatchObject({ level: 'info', msg: 'stopped' });
    expect(leftOver(hanging)).toEqual([]);
  });

  it('SIGTERM stops schedules and the server and exits 0 with a last log line', async () => {
    const daemon = await start();
    await firstPassDone(daemon);
    const exit = await daemon.stop('SIGTERM');
    expect(exit).toEqual({ exitCode: 0, signal: null });
    expect(daemon.lines().at(-1)).toMatchObject({ level: 'info', msg: 'stopped' });
    await expect(get(`${daemon.url}/healthz`)).rejects.toThrow();
  });

  it('a port already in use is a clear error, exit 1', async () => {
    const first = await start();
    const port = new URL(first.url).port;
    const config = await writeFixtureConfig(host.paths, `\n[http]\nlisten = "127.0.0.1:${port}"\n`);
    const result = await runCli(['run', '--config', config], { bin: host.bin });
    expect(result.exitCode).toBe(1);
    expect(result.stderr).toContain(`cannot listen on 127.0.0.1:${port}: address already in use`);
  });

  it('notices a driver update: a notice-level log line, and the old _info series disappears', async () => {
    // A copy of the fake rpm whose output can change while the daemon runs.
    const bin = await fsp.mkdtemp(path.join(os.tmpdir(), 'npu-watch-bin-'));
    for (const name of fs.readdirSync(host.bin)) await fsp.symlink(path.join(host.bin, name), path.join(bin, name));
    const rpmOutput = path.join(bin, 'rpm-output.txt');
    const original = await fsp.readFile(path.join(host.root, 'outputs/rpm-q.txt'), 'utf8');
    await fsp.writeFile(rpmOutput, original);
    await fsp.rm(path.join(bin, 'rpm'));
    await fsp.writeFile(path.join(bin, 'rpm'), `#!/bin/sh\ncat "${rpmOutput}"\nexit 0\n`, { mode: 0o755 });

    const daemon = await start('\n[schedule]\nprobes = "* * * * * *"\n', { bin });
    await eventually(async () => (await (await get(`${daemon.url}/metrics`)).text()).includes('version="1.16.0-1.fc44"'), 'the first inventory');
    await fsp.writeFile(rpmOutput, original.replace('intel-npu-driver\t0\t1.16.0\t1.fc44', 'intel-npu-driver\t0\t1.17.0\t1.fc43'));
    const notice = await daemon.waitForLine((line) => line.event === 'component_changed', 10_000);
    expect(notice).toMatchObject({ level: 'notice', component: 'intel-npu-driver', from: '1.16.0-1.fc44', to: '1.17.0-1.fc43', msg: 'component changed: intel-npu-driver 1.16.0-1.fc44 → 1.17.0-1.fc43' });
    // /metrics renders at most once a second (metrics-cache.ts): the new version shows on a later scrape.
    const scrape = await eventually(async () => {
      const text = await (await get(`${daemon.url}/metrics`)).text();
      return text.includes('version="1.17.0-1.fc43"') ? text : undefined;
    }, 'the new version in /metrics');
    expect(scrape).toContain('npuwatch_component_info{component="intel-npu-driver",version="1.17.0-1.fc43"} 1');
    expect(scrape).not.toContain('version="1.16.0-1.fc44"');
  });

  it('under the journal: <N> priority prefixes, and a failing probe is logged once, not every run', async () => {
    const bin = await commandsWith(host, 'dnf', '#!/bin/sh\necho "Error: rpmdb open failed" >&2\nexit 1\n');
    const logFile = path.join(bin, 'journal.log');
    await fsp.writeFile(logFile, '');
    const { dev, ino } = fs.statSync(logFile);
    const daemon = await start('\n[schedule]\nupdates = "* * * * * *"\n', { bin, stdoutFile: logFile, env: { JOURNAL_STREAM: `${dev}:${ino}` } });
    const lastUpdatesRun = async () => {
      const text = await (await get(`${daemon.url}/metrics`)).text();
      const runs = /npuwatch_probe_last_run_timestamp_seconds\{probe="updates"\} (\S+)/.exec(text);
      return runs ? Number(runs[1]) : undefined;
    };
    const first = await eventually(lastUpdatesRun, 'a first updates run');
    expect(await (await get(`${daemon.url}/metrics`)).text()).toContain('npuwatch_probe_success{probe="updates"} 0');
    // The every-second schedule runs the failing probe at least twice more (runs start a second apart).
    await eventually(async () => ((await lastUpdatesRun())! >= first + 2 ? true : undefined), 'two more updates runs');
    const raw = daemon.output().split('\n').filter(Boolean);
    expect(raw.every((line) => /^<[2-7]>\{/.test(line))).toBe(true);
    const failures = raw.filter((line) => line.includes('"msg":"probe updates failed'));
    expect(failures).toHaveLength(1);
    expect(failures[0]!.startsWith('<3>')).toBe(true);
    expect(failures[0]).toContain('Error: rpmdb open failed');
    expect(raw.find((line) => line.includes('serving http'))?.startsWith('<6>')).toBe(true);
  });
});
