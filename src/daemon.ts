import { setTimeout as sleep } from 'node:timers/promises';
import cron, { type ScheduledTask } from 'node-cron';
import { killRunningWorkers } from './canary/launcher.js';
import { resolveRuntimes } from './canary/runtimes.js';
import { workerPath } from './canary/worker-path.js';
import type { Config } from './config.js';
import { systemClock } from './host/clock.js';
import { createCommandRunner } from './host/runner.js';
import { createSystemdNotifier } from './host/sd-notify.js';
import { clearStaleCanaryWorkDirs } from './host/canary-temp.js';
import { prepareStateDir } from './host/state-dir.js';
import { workersGoneWithinSeconds } from './host/stop-timeout.js';
import { STATUS_FILE } from './status/store.js';
import { formatAddress } from './host/address.js';
import { createHttpServer, listen } from './http/server.js';
import { loadWebConfig } from './http/web-config/load.js';
import { exposureWarning } from './http/web-exposure.js';
import { pageOfEvents } from './http/status-query.js';
import type { AppLogger } from './log.js';
import { recordExpectedRanges } from './metrics/record.js';
import { recordTryOpenvinoResults } from './metrics/record-try-openvino.js';
import { createMetrics } from './metrics/registry.js';
import { loadTryResults, TRY_RESULTS_FILE } from './canary/try-results.js';
import { startDaemonNotifications } from './notify/daemon-notifications.js';
import type { KernelLogLine } from './probes/kernel/kernel-event.js';
import { KERNEL_LOG_LINES } from './probes/kernel/npu-kernel-line.js';
import { createRecentKernelLines } from './probes/kernel/recent-kernel-lines.js';
import { buildCheckReport } from './report/check-report.js';
import { readHostIdentity } from './report/page/host-identity.js';
import { pageFromPass } from './report/page/page-from-pass.js';
import { createResultsKeeper, RESULTS_FILE } from './report/page/results-history.js';
import { renderPageHtml } from './report/page/render-html.js';
import { VERSION } from './version.js';
import { startChangeWatch } from './watch/change-watch.js';
import { locatePythonOpenvino } from './watch/python-openvino-location.js';
import { createHostWatcher } from './watch/host-watcher.js';
import { watchKernelLog } from './watch/kernel-log-watch.js';
import { createKernelTrigger } from './watch/kernel-trigger.js';
import { createHostProbeRunner } from './watch/probe-setup.js';
import { createSerialJob } from './watch/serial-job.js';
import { createStatusReporting } from './watch/status-reporting.js';

// A burst of kernel lines ends after this long without another; kernel events start a canary at most this often.
const KERNEL_BURST_QUIET_MS = 5_000;
const KERNEL_CANARY_COOLDOWN_MS = 10 * 60_000;
// The status page at / reloads itself this often.
const PAGE_REFRESH_SECONDS = 60;

// The follower's kernel lines for the report, when it reads any.
function withKernelLines(lines: KernelLogLine[] | null): { kernel_log?: KernelLogLine[] } {
  return lines === null ? {} : { kernel_log: lines };
}

// Wiring only: config → probes → schedules → HTTP. Resolves when `stop` fires and everything is closed.
export async function runDaemon(config: Config, log: AppLogger, stop: AbortSignal): Promise<void> {
  // Read first: a bad web config is a config error (exit 78) before anything starts.
  const web = config.http.web_config === undefined ? null : loadWebConfig(config.http.web_config);
  // Before anything is served: a state dir that cannot be used ends the start here (StateDirError), and the
  // temp files of saves a crash interrupted go (status.json's, and the daemon's notifier's last shown id).
  const removed = prepareStateDir(config.state.dir, [STATUS_FILE, 'notify-last-id', RESULTS_FILE, TRY_RESULTS_FILE]);
  if (removed.length > 0) log.info({ dir: config.state.dir, removed }, `removed ${removed.length} temp file(s) of interrupted saves`);
  const staleWorkDirs = clearStaleCanaryWorkDirs();
  if (staleWorkDirs.length > 0) log.info({ removed: staleWorkDirs }, `removed ${staleWorkDirs.length} canary work dir(s) left by npu-watch processes that died`);
  const metrics = createMetrics();
  recordExpectedRanges(metrics, config.expected_tokens_per_second);
  // What `npu-watch try-openvino` found (run by hand, in its own process): exported as it was at start.
  recordTryOpenvinoResults(metrics, loadTryResults(config.state.dir));
  const aborter = new AbortController();
  // The runtimes to test, found once at start when the config names none (canary/runtimes.ts).
  const runtimes = await resolveRuntimes(config.runtimes, createCommandRunner({ timeoutMs: config.commands.timeout_seconds * 1000 }), log, aborter.signal);
  const status = createStatusReporting(config, log, metrics, runtimes.map((r) => r.name));
  const notifications = startDaemonNotifications(config, log, status.tracker.events);
  const clock = systemClock;
  // Each canary pass's outcomes and benchmark figures, kept for the status page's history and charts.
  const results = createResultsKeeper(config.state.dir, config.status.history, log);
  // Kernel lines from here on happened while the daemon runs, though its follower starts only once HTTP answers.
  const startedAt = clock.now();
  const watcher = createHostWatcher({
    runProbe: createHostProbeRunner(config, log, clock, aborter.signal),
    log,
    clock,
    metrics,
    canary: { config, workerPath: workerPath(), signal: aborter.signal, runtimes },
    // A new driver, runtime or firmware is the moment the NPU may start working: check right away, or right
    // after the canary already running (it may have loaded the old version).
    onComponentsChanged: (changes) => {
      status.onComponentsChanged(changes);
      canaries.rerun();
    },
    onCanaryPass: (verdicts, at, inventory) => {
      status.onCanaryPass(verdicts, at, inventory);
      results.record(verdicts, at);
    },
  });
  // A package, firmware or module change runs the host probes (the inventory) at once, or once more right after
  // the pass in progress; a version change then runs the canary (onComponentsChanged). The schedules stay the
  // safety net for whatever the watch cannot see.
  const changes = startChangeWatch({
    paths: config.paths,
    debounceMs: config.watch.debounce_seconds * 1000,
    log,
    onChange: () => hostProbes.rerun(),
    locatePythonOpenvino: () => locatePythonOpenvino(createCommandRunner({ timeoutMs: config.commands.timeout_seconds * 1000 }), aborter.signal),
  });
  const hostProbes = createSerialJob(
    'host probes',
    async () => {
      await watcher.runHostProbes();
      // The watch follows the inventory: the firmware search path it found (the kernel's release dirs), and
      // where python3's openvino is.
      await changes.followInventory(watcher.pass.probes.inventory?.data ?? null);
    },
    log,
  );
  const updates = createSerialJob('update check', () => watcher.runUpdates(), log);
  const canaries = createSerialJob(
    'canary',
    () => watcher.runCanaries({ devices: config.canary.devices, benchmark: config.benchmark.model_path !== null }),
    log,
  );

  // The NPU kernel lines the follower reads (below, once HTTP answers): the diagnosis on /status reads these, this
  // boot's and the live ones, rather than the inventory's last one-shot read, once the follower reads anything.
  const recentKernelLines = createRecentKernelLines(KERNEL_LOG_LINES);
  // The host's identity does not change while the daemon runs: read once, when the page is first asked for.
  let hostIdentity: ReturnType<typeof readHostIdentity> | null = null;
  // The canary's schedule, for the page's "next check" (node-cron's ScheduledTask.getNextRun, dist/node-cron.d.ts).
  let canarySchedule: ScheduledTask | null = null;
  const page = async () =>
    pageFromPass(watcher.pass, {
      devices: config.canary.devices,
      version: VERSION,
      now: new Date(clock.now()),
      expected_tokens_per_second: config.expected_tokens_per_second,
      status: { devices: status.tracker.devices(), events: status.tracker.events.since(0) },
      host: await (hostIdentity ??= readHostIdentity(config.paths)),
      results: results.records(),
      tried_versions: loadTryResults(config.state.dir),
      next_check: canarySchedule?.getNextRun() ?? null,
      ...withKernelLines(recentKernelLines.lines()),
    });
  const server = createHttpServer({
    registry: metrics.registry,
    status: (page) =>
      buildCheckReport(watcher.pass, config.canary.devices, VERSION, new Date(clock.now()), {
        expected_tokens_per_second: config.expected_tokens_per_second,
        ...withKernelLines(recentKernelLines.lines()),
        status: { devices: status.tracker.devices(), recent_events: pageOfEvents(status.tracker.events.since(0), page) },
        // Read at each answer: try-openvino runs by hand in its own process, at any time.
        tried_versions: loadTryResults(config.state.dir),
      }),
    page: { json: page, html: async () => renderPageHtml(await page(), { refresh_seconds: PAGE_REFRESH_SECONDS, daemon_links: true }) },
    statusHistory: config.status.history,
    maxConnections: config.http.max_connections,
    events: status.tracker.events,
    log,
    listenHost: config.http.listen.host,
    web,
  });
  const bound = await listen(server, config.http.listen.host, config.http.listen.port);
  const url = `${web?.tls ? 'https' : 'http'}://${formatAddress(bound.host, bound.port)}`;
  const exposed = exposureWarning(bound.host, web);
  if (exposed) log.warn({ listen: formatAddress(bound.host, bound.port) }, exposed);
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
    (canarySchedule = cron.schedule(config.schedule.canary, () => canaries.trigger(), { name: 'canary' })),
  ];
  // This boot's kernel log, followed for the NPU driver's events (metrics and journal lines) until the stop. A
  // reset or a firmware that failed to load or boot while it runs is a status event (on /events, the journal and
  // the desktop: "The kernel reset the NPU") and runs the canary, once per burst and at most every 10 minutes.
  const kernelTrigger = createKernelTrigger({
    quietMs: KERNEL_BURST_QUIET_MS,
    cooldownMs: KERNEL_CANARY_COOLDOWN_MS,
    now: () => clock.now(),
    onBurst: (first, at, count, runCanary) => {
      status.onKernelEvent(first, at, count);
      if (runCanary) canaries.rerun();
    },
  });
  const kernelLog = watchKernelLog({
    config,
    log,
    clock,
    metrics,
    recent: recentKernelLines,
    liveSince: startedAt,
    onLiveEvent: (event, at) => kernelTrigger.event(event, at),
  });
  // The first pass right away: host probes, then the canary, then the (slower) update check.
  void hostProbes.trigger().then(() => canaries.trigger()).then(() => updates.trigger());

  await new Promise<void>((resolve) => {
    if (stop.aborted) resolve();
    else stop.addEventListener('abort', () => resolve(), { once: true });
  });
  // The wait for workers is their whole kill sequence (grace, SIGKILL, patience), which the config keeps inside the
  // unit's TimeoutStopSec; "stopped" is logged only once they are gone.
  const withinSeconds = workersGoneWithinSeconds(config.canary.kill_grace_seconds);
  log.info({ within_seconds: withinSeconds }, 'stopping: schedules, running probes, HTTP server');
  await systemd.stopping('stopping: ending running probes and canary workers');
  await Promise.all(tasks.map((task) => task.destroy()));
  await kernelLog.stop();
  kernelTrigger.stop();
  changes.close();
  hostProbes.stop();
  canaries.stop();
  aborter.abort();
  // The grace ends when everything is idle; its timer is then cancelled rather than left behind.
  const graceOver = new AbortController();
  const idle = await Promise.race([
    Promise.all([hostProbes.idle(), updates.idle(), canaries.idle()]).then(() => true),
    sleep(withinSeconds * 1000, false, { signal: graceOver.signal, ref: false }).catch(() => false),
  ]);
  graceOver.abort();
  // A worker still running now would outlive the daemon, reparented to PID 1 (a worker deadlocked in its own exit,
  // nodejs/node#54918, or one stuck past its SIGKILL): its whole process group is SIGKILLed before the daemon goes.
  const killed = idle ? [] : killRunningWorkers();
  if (killed.length > 0) log.warn({ worker_pids: killed }, `canary workers still running at shutdown, their process groups SIGKILLed: ${killed.join(', ')}`);
  await notifications.close();
  server.closeAllConnections();
  await new Promise<void>((resolve) => server.close(() => resolve()));
  if (idle) log.info('stopped');
  else log.warn({ within_seconds: withinSeconds }, `stopped, but a probe or worker did not end within ${withinSeconds} s`);
}
