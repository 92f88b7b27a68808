#!/usr/bin/env node
// The daemon's event-loop lag while canaries with the LLM benchmark run back to back (fake runtime, working
// scenario, canary every 5 s) and /metrics is hammered by wrk. Two windows of the same length: canaries alone,
// then canaries + wrk. The lag is measured inside the daemon by bench/lib/lag-probe.mjs (preloaded with
// NODE_OPTIONS), a monitorEventLoopDelay histogram like prom-client's but reset only by this script: prom-client
// resets its own on every scrape, so its exported p99 covers only the time since the previous scrape.
// Needs wrk (`apt-get install -y wrk`) and the build (`npm run build`).
import console from 'node:console';
import fs from 'node:fs';
import path from 'node:path';
import process from 'node:process';
import { pathToFileURL } from 'node:url';
import { FAKE_LLM, NEVER, sampleValue, scrape, sleep, startDaemon, waitForCanaryVerdicts, writeDaemonConfig, stopDaemonAndCleanUp } from './lib/daemon.mjs';
import { requireWrk, runWrk } from './lib/wrk.mjs';

const LAG_PROBE = new URL('./lib/lag-probe.mjs', import.meta.url).href;

// Asks the probe for its figures over the window since the last request, and starts a new window.
async function lagWindow(daemon, file, timeoutMs = 5_000) {
  const previous = fs.existsSync(file) ? JSON.parse(fs.readFileSync(file, 'utf8')).seq : 0;
  process.kill(daemon.pid, 'SIGUSR2');
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (fs.existsSync(file)) {
      const figures = JSON.parse(fs.readFileSync(file, 'utf8'));
      if (figures.seq > previous) return figures;
    }
    if (Date.now() > deadline) throw new Error(`the lag probe did not answer SIGUSR2 within ${timeoutMs} ms`);
    await sleep(20);
  }
}

// prom-client's lag series, when the daemon exports them (it no longer does: see src/metrics/registry.ts).
const seconds = (text, name) => {
  const value = sampleValue(text, name);
  return value === null ? null : value * 1000;
};
const promLag = (text) => ({
  p50_ms: seconds(text, 'npuwatch_nodejs_eventloop_lag_p50_seconds'),
  p99_ms: seconds(text, 'npuwatch_nodejs_eventloop_lag_p99_seconds'),
  max_ms: seconds(text, 'npuwatch_nodejs_eventloop_lag_max_seconds'),
});
// Canary passes so far: runs on NPU (each pass runs NPU, then CPU).
const canaryRuns = (text) => sampleValue(text, 'npuwatch_canary_runs_total{device="NPU"}') ?? 0;

export async function main(options = {}) {
  const {
    windowSeconds = 20,
    connections = 8,
    threads = 1,
    canarySchedule = '*/5 * * * * *',
    targetP99Ms = 20,
    log = console.log,
  } = options;
  requireWrk();
  const config = writeDaemonConfig(`
[schedule]
probes = "${NEVER}"
updates = "${NEVER}"
canary = "${canarySchedule}"

[canary]
timeout_seconds = 60
stage_timeout_seconds = 30
kill_grace_seconds = 1

[benchmark]
model_path = "${FAKE_LLM}"
max_new_tokens = 24
repetitions = 2
cache = false

[power]
baseline_seconds = 0.2
`);
  const lagFile = path.join(config.dir, 'lag.json');
  let daemon;
  try {
    daemon = await startDaemon(config, { nodeOptions: `--import=${LAG_PROBE}`, env: { NPU_WATCH_BENCH_LAG_FILE: lagFile } });
    await waitForCanaryVerdicts(daemon);
    const metricsUrl = `${daemon.url}/metrics`;

    // Window A: canaries alone. Our two scrapes are the only ones, so prom-client's p99 at the end covers A.
    await lagWindow(daemon, lagFile);
    let text = (await scrape(metricsUrl)).body;
    const runsBeforeA = canaryRuns(text);
    await sleep(windowSeconds * 1000);
    text = (await scrape(metricsUrl)).body;
    const quiet = await lagWindow(daemon, lagFile);
    const quietProm = promLag(text);
    const quietRuns = canaryRuns(text) - runsBeforeA;

    // Window B: canaries + wrk on /metrics for the same length.
    const runsBeforeB = canaryRuns(text);
    await lagWindow(daemon, lagFile);
    const load = await runWrk(metricsUrl, { threads, connections, durationSeconds: windowSeconds });
    const hammered = await lagWindow(daemon, lagFile);
    text = (await scrape(metricsUrl)).body;
    const finalProm = promLag(text);
    const hammeredRuns = canaryRuns(text) - runsBeforeB;
    const benchmarked = sampleValue(text, 'npuwatch_benchmark_tokens_per_second') !== null;

    const ok = hammered.p99_ms <= targetP99Ms && hammeredRuns >= 1 && benchmarked && load.errors === 0;
    const ms = (value) => (value === null ? 'n/a' : `${value.toFixed(2)} ms`);
    const res = hammered.resolution_ms;
    log(`canaries with the LLM benchmark every 5 s (fake runtime, working): ${quietRuns} canary pass(es) (NPU + CPU) in window A, ${hammeredRuns} in window B (${windowSeconds} s each)`);
    log(
      `event-loop lag p99, canaries + wrk on /metrics: ${ms(hammered.p99_ms)} (target ≤ ${targetP99Ms} ms; ` +
        `includes the ${res} ms timer: ${ms(hammered.p99_ms - res)} late); p50 ${ms(hammered.p50_ms)}, max ${ms(hammered.max_ms)}` +
        (ok ? '' : '  ← over target'),
    );
    log(`  canaries alone: p99 ${ms(quiet.p99_ms)}, p50 ${ms(quiet.p50_ms)}, max ${ms(quiet.max_ms)}`);
    log(
      `  the load: ${load.command.replace(/ http\S+$/, '')}: ${load.requests_per_second.toFixed(0)} req/s, ` +
        `p50 ${ms(load.p50_ms)}, p99 ${ms(load.p99_ms)}, ${load.errors} errors`,
    );
    log(
      quietProm.p99_ms === null
        ? "  (the daemon does not export prom-client's event-loop-lag series; these figures come from the preloaded probe)"
        : `  prom-client's npuwatch_nodejs_eventloop_lag_p99_seconds: ${ms(quietProm.p99_ms)} over window A (no other scrapes); ` +
            `${ms(finalProm.p99_ms)} in the scrape after wrk, which covers only the time since wrk's last request`,
    );
    return {
      window_seconds: windowSeconds,
      resolution_ms: res,
      canary_runs_quiet: quietRuns,
      canary_runs_hammered: hammeredRuns,
      benchmark_ran: benchmarked,
      hammered,
      quiet,
      load: { connections, threads, requests_per_second: load.requests_per_second, p50_ms: load.p50_ms, p99_ms: load.p99_ms, errors: load.errors },
      prom_client_p99_ms_quiet_window: quietProm.p99_ms,
      prom_client_p99_ms_after_load: finalProm.p99_ms,
      within_targets: ok,
    };
  } finally {
    await stopDaemonAndCleanUp(daemon, config, log);
  }
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) {
  await main();
}
