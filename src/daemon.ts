import { setTimeout as sleep } from 'node:timers/promises';
import cron from 'node-cron';
import { workerPath } from './canary/worker-path.js';
import type { Config } from './config.js';
import { systemClock } from './host/clock.js';
import { createCommandRunner } from './host/runner.js';
import { createSystemdNotifier } from './host/sd-notify.js';
import { formatAddress } from './host/address.js';
import { createHttpServer, listen } from './http/server.js';
import { pageOfEvents } from './http/status-query.js';
import type { AppLogger } from './log.js';
import { recordExpectedRanges } from './metrics/record.js';
import { createMetrics } from './metrics/registry.js';
import { startDaemonNotifications } from './notify/daemon-notifications.js';
import { buildCheckReport } from './report/check-report.js';
import { VERSION } from './version.js';
import { createHostWatcher } from './watch/host-watcher.js';
import { createHostProbeRunner } from './watch/probe-setup.js';
import { createSerialJob } from './watch/serial-job.js';
import { createStatusReporting } from './watch/status-reporting.js';

// How long shutdown waits for running probes after aborting them.
const SHUTDOWN_GRACE_MS = 5_000;

// Wiring only: config → probes → schedules → HTTP. Resolves when `stop` fires and everything is closed.
export async function runDaemon(config: Config, log: AppLogger, stop: AbortSignal): Promise<void> {
  const metrics = createMetrics();
  recordExpectedRanges(metrics, config.expected_tokens_per_second);
  const aborter = new AbortController();
  const status = createStatusReporting(config, log, metrics);
  const notifications = startDaemonNotifications(config, log, status.tracker.events);
  const clock = systemClock;
  const watcher = createHostWatcher({
    runProbe: createHostProbeRunner(config, log, clock, aborter.signal),
    log,
    clock,
    metrics,
    canary: { config, workerPath: workerPath(), signal: aborter.signal },
    // A new driver, runtime or firmware is the moment the NPU may start working: check right away, or right
    // after the canary already running (it may have loaded the old version).
    onComponentsChanged: (changes) => {
      status.onComponentsChanged(changes);
      canaries.rerun();
    },
    onCanaryPass: (verdicts, at, inventory) => status.onCanaryPass(verdicts, at, inventory),
  });
  const hostProbes = createSerialJob('host probes', () => watcher.runHostProbes(), log);
  const updates = createSerialJob('update check', () => watcher.runUpdates(), log);
  const canaries = createSerialJob(
    'canary',
    () => watcher.runCanaries({ devices: config.canary.devices, benchmark: config.benchmark.model_path !== null }),
    log,
  );

  const server = createHttpServer({
    registry: metrics.registry,
    status: (page) =>
      buildCheckReport(watcher.pass, config.canary.devices, VERSION, new Date(clock.now()), {
        expected_tokens_per_second: config.expected_tokens_per_second,
        status: { devices: status.tracker.devices(), recent_events: pageOfEvents(status.tracker.events.since(0), page) },
      }),
    statusHistory: config.status.history,
    maxConnections: config.http.max_connections,
    events: status.tracker.events,
    log,
  });
  const bound = await listen(server, config.http.listen.host, config.http.listen.port);
  const url = `http://${formatAddress(bound.host, bound.port)}`;
  log.info({ url, config: config.source ?? 'built-in defaults', version: VERSION }, `npu-watch ${VERSION} serving ${url}/metrics`);
  // systemd (Type=notify): READY=1 now that /metrics answers, then WATCHDOG=1 from the event loop; no-ops
  // without NOTIFY_SOCKET.
  const systemd = createSystemdNotifier({ env: process.env, pid: process.pid, runner: createCommandRunner({ timeoutMs: 5_000 }), log });
  await systemd.ready(`serving ${url}/metrics`);
  systemd.startWatchdog();

  cron.setLogger({
    info: (message) => log.debug(message),
    warn: (message) => log.warn(message),
    error: (message, err) => log.error({ err }, String(message)),
    debug: (message) => log.debug(String(message)),
  });
  const tasks = [
    cron.schedule(config.schedule.probes, () => hostProbes.trigger(), { name: 'host-probes' }),
    cron.schedule(config.schedule.updates, () => updates.trigger(), { name: 'updates' }),
    cron.schedule(config.schedule.canary, () => canaries.trigger(), { name: 'canary' }),
  ];
  // The first pass right away: host probes, then the canary, then the (slower) update check.
  void hostProbes.trigger().then(() => canaries.trigger()).then(() => updates.trigger());

  await new Promise<void>((resolve) => {
    if (stop.aborted) resolve();
    else stop.addEventListener('abort', () => resolve(), { once: true });
  });
  log.info('stopping: schedules, running probes, HTTP server');
  await systemd.stopping('stopping: ending running probes and canary workers');
  await Promise.all(tasks.map((task) => task.destroy()));
  canaries.stop();
  aborter.abort();
  // The grace ends when everything is idle; its timer is then cancelled rather than left behind.
  const graceOver = new AbortController();
  await Promise.race([
    Promise.all([hostProbes.idle(), updates.idle(), canaries.idle()]),
    sleep(SHUTDOWN_GRACE_MS, undefined, { signal: graceOver.signal, ref: false }).catch(() => undefined),
  ]);
  graceOver.abort();
  await notifications.close();
  server.closeAllConnections();
  await new Promise<void>((resolve) => server.close(() => resolve()));
  log.info('stopped');
}
