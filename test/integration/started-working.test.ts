import { spawn } from 'node:child_process';
import fs from 'node:fs';
import fsp from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CheckReport } from '../../src/report/check-report.js';
import { CLI, eventually, pathEnv, startDaemon, writeFixtureConfig, type RunningDaemon } from '../helpers/cli.js';
import { end, startNotificationBus, type NotificationBus } from '../helpers/dbus.js';
import { fakeRuntimeToml } from '../helpers/fake-runtime.js';
import { landRpmUpdate, materializeHost, type MaterializedHost } from '../helpers/host-fixture.js';
import { startAlertmanager, type RunningAlertmanager } from '../helpers/alertmanager.js';
import { startPrometheus, type RunningPrometheus } from '../helpers/prometheus.js';

const RULES = path.resolve(import.meta.dirname, '../../prometheus/npu-watch.rules.yml');

// End to end, as a user runs it: the seed laptop's NPU crashes; a real Prometheus scrapes the daemon and
// evaluates the shipped rules; a driver update lands and the runtime starts working; the daemon re-runs the
// canary on the version change; NpuStartedWorking reaches a webhook through a real Alertmanager; exactly
// one "NPU started working" desktop notification arrives (tok/s, watts, changed versions); /status and the
// journal show it; and a daemon restart sends nothing new. Everything on 127.0.0.1.
describe('the NPU starts working after a driver update', () => {
  let host: MaterializedHost;
  let bus: NotificationBus;
  let work: string;
  let daemon: RunningDaemon | null = null;
  let prometheus: RunningPrometheus | null = null;
  let alertmanager: RunningAlertmanager | null = null;
  let receiver: http.Server;
  const alerts: { status: string; labels: Record<string, string> }[] = [];
  let notify: ReturnType<typeof spawn> | null = null;
  let config: string;
  let scenario: string;
  const journal = () => path.join(work, 'journal.log');

  beforeAll(async () => {
    // The webhook receiver Alertmanager delivers to.
    receiver = http.createServer((request, response) => {
      let body = '';
      request.on('data', (chunk: Buffer) => (body += chunk.toString()));
      request.on('end', () => {
        alerts.push(...(JSON.parse(body) as { alerts: typeof alerts }).alerts);
        response.end();
      });
    });
    await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve));
    host = await materializeHost('fedora43-lunarlake');
    bus = await startNotificationBus();
    work = await fsp.mkdtemp(path.join(os.tmpdir(), 'npu-watch-e2e-'));
    scenario = path.join(work, 'scenario.json');
    await writeScenario('fedora43');
    config = await writeFixtureConfig(
      host.paths,
      `${fakeRuntimeToml({ benchmark: true })}
[power]
baseline_seconds = 0.2

[schedule]
probes = "*/2 * * * * *"
canary = "0 0 1 1 *"
updates = "0 0 1 1 *"

[http]
listen = "127.0.0.1:0"
`,
    );
  }, 120_000);

  afterAll(async () => {
    await prometheus?.stop();
    await alertmanager?.stop();
    await new Promise((resolve) => receiver.close(resolve));
    if (notify) await end(notify);
    await daemon?.stop();
    await bus?.stop();
    await host?.cleanup();
  });

  const writeScenario = (name: string) =>
    fsp.writeFile(scenario, JSON.stringify({ scenario: name, power_sysfs: host.paths.sysfs, npu_watts: 4.0, npu_tokens_per_second: 25 }));
  const start = async () => {
    await fsp.writeFile(journal(), '');
    const { dev, ino } = fs.statSync(journal());
    return startDaemon(config, {
      bin: host.bin,
      stdoutFile: journal(),
      env: { NPU_WATCH_FAKE_SCENARIO: scenario, JOURNAL_STREAM: `${dev}:${ino}` },
    });
  };
  const status = async () => (await (await fetch(`${daemon!.url}/status`)).json()) as CheckReport;

  it('sends one notification, records the transition, and repeats nothing after a restart', async () => {
    daemon = await start();
    alertmanager = await startAlertmanager(`http://127.0.0.1:${(receiver.address() as AddressInfo).port}/alerts`);
    prometheus = await startPrometheus(
      new URL(daemon.url).host,
      `rule_files:\n  - ${RULES}\nalerting:\n  alertmanagers:\n    - static_configs:\n        - targets: ['${alertmanager.address}']\n`,
    );
    notify = spawn(process.execPath, [CLI, 'notify', '--url', daemon.url], {
      env: { ...process.env, ...pathEnv(host.bin), NPU_WATCH_CONFIG: '', DBUS_SESSION_BUS_ADDRESS: bus.address, XDG_STATE_HOME: path.join(work, 'user-state') },
      stdio: 'ignore',
    });
    // First pass: the seed's crash.
    const crashed = await eventually(async () => {
      const npu = (await status()).devices.find((d) => d.device === 'NPU');
      return npu?.canary?.result === 'compile_crash' ? npu : undefined;
    }, 'the first NPU canary');
    expect(crashed.canary!.signal).toBe('SIGABRT');

    // The driver update lands and the runtime works from now on.
    await writeScenario('working');
    await landRpmUpdate(host, 'intel-npu-driver', '1.17.0', '1.fc43');

    // One notification: the news, naming the version change that came with it.
    const shown = await bus.waitForNotifications(1, 60_000);
    expect(shown.map((n) => n.summary)).toEqual(['NPU started working']);
    const notification = shown[0];
    expect(notification!.hints).toMatchObject({ urgency: 1 });
    expect(notification!.body).toMatch(/\d+(\.\d)? tok\/s/);
    // The fake NPU draws 4.0 W while decoding (the precise check is in canary-scenarios). The body gives tenths
    // of a watt: compared as whole tenths, so 4.2 is within 0.2 of 4.0 (as doubles, 4.2 - 4.0 > 0.2).
    const tenths = Number(/(\d+)\.(\d) W/.exec(notification!.body ?? '')?.slice(1).join(''));
    expect(Math.abs(tenths - 40)).toBeLessThanOrEqual(2);
    expect(notification!.body).toContain('intel-npu-driver');
    expect(notification!.body).toContain('1.17.0-1.fc43');

    // Prometheus saw the debounced state go from absent to 1 and Alertmanager delivered the alert.
    const fired = await eventually(async () => alerts.find((a) => a.labels.alertname === 'NpuStartedWorking' && a.status === 'firing'), 'NpuStartedWorking at the webhook');
    expect(fired.labels).toMatchObject({ device: 'NPU', severity: 'info' });

    const report = await status();
    const kinds = report.status!.recent_events.map((e) => e.kind);
    expect(kinds).toContain('started_working');
    expect(kinds).toContain('component_changed');
    expect(report.status!.devices['openvino-node/NPU']!.state).toBe('working');
    const npu = report.devices.find((d) => d.device === 'NPU')!;
    // In whole milliwatts, for the same reason.
    expect(Math.abs(Math.round(npu.benchmark!.power!.watts['package-0']! * 1000) - 4000)).toBeLessThanOrEqual(200);
    // Busy for most of the decode: the fake NPU is busy during each step, idle while the host picks the next
    // token, so the share depends on how fast this (loaded) machine runs the host side (0.84 seen under CI load, 0.95 idle).
    expect(npu.benchmark!.power!.npu_busy_ratio).toBeGreaterThan(0.5);
    expect(npu.benchmark!.power!.npu_busy_ratio).toBeLessThanOrEqual(1);
    const notice = fs.readFileSync(journal(), 'utf8').split('\n').find((line) => line.includes('"kind":"started_working"'));
    expect(notice?.startsWith('<5>')).toBe(true);

    // A restart loads the state: nothing is announced again, and the notifier shows nothing new. The restarted
    // daemon listens where the first one did, so the notifier (following that URL) reconnects to it, and
    // Prometheus keeps scraping it.
    await daemon.stop();
    await fsp.writeFile(config, (await fsp.readFile(config, 'utf8')).replace('listen = "127.0.0.1:0"', `listen = "${new URL(daemon.url).host}"`));
    daemon = await start();
    await eventually(async () => ((await status()).devices.find((d) => d.device === 'NPU')?.canary?.result === 'ok' ? true : undefined), 'the canary after the restart');
    // The sentinel, instead of waiting a while: a later event. Another package changes after the restart's
    // canary: the daemon logs and streams that change after anything the restart could have announced, and the
    // notifier records it as handled (notify-last-id) only once it has handled every event before it, with
    // no notification pending: a duplicate "started working" would be shown or held before then.
    await landRpmUpdate(host, 'intel-level-zero', '25.35.35096.9', '1.fc43');
    await daemon.waitForLine((line) => line.event === 'component_changed' && line.component === 'intel-level-zero', 30_000);
    const later = (await status()).status!.recent_events.find((e) => e.kind === 'component_changed' && 'intel-level-zero' in ((e.detail.changed_components ?? {}) as object));
    expect(later).toBeDefined();
    const lastIdFile = path.join(work, 'user-state', 'npu-watch', 'notify-last-id');
    const handled = () => Number(fs.existsSync(lastIdFile) ? fs.readFileSync(lastIdFile, 'utf8') : 0);
    await eventually(async () => handled() >= later!.id, `the notifier to record event ${later!.id} as handled`);
    expect(bus.notifications()).toHaveLength(1);
    expect(fs.readFileSync(journal(), 'utf8')).not.toContain('"kind":"started_working"');
    expect(alerts.filter((a) => a.labels.alertname === 'NpuStartedWorking')).toHaveLength(1);
  }, 120_000);
});
