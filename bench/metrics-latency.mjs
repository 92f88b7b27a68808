#!/usr/bin/env node
// /metrics latency and throughput under load, whole-process on loopback: the running daemon (`node dist/cli.js
// run`, fixture host, fake runtime, first pass done) against a bare node:http server in its own process that
// serves the bytes of one real scrape of that daemon. Same wrk load on both (one thread, N keep-alive
// connections, a fixed duration), alternated over a few rounds. Needs wrk (`apt-get install -y wrk`) and the
// build (`npm run build`).
import console from 'node:console';
import fs from 'node:fs';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import process from 'node:process';
import { createInterface } from 'node:readline';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { createMetrics } from '../dist/metrics/registry.js';
import { NEVER, scrape, sleep, spawnTracked, startDaemon, stopTracked, waitForCanaryVerdicts, writeDaemonConfig, stopDaemonAndCleanUp } from './lib/daemon.mjs';
import { cpuSeconds } from './lib/proc-stats.mjs';
import { requireWrk, runWrk } from './lib/wrk.mjs';

const BARE_SERVER = fileURLToPath(new URL('./lib/bare-metrics-server.mjs', import.meta.url));

const median = (values) => {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
};

async function startBareServer(bodyFile, contentType) {
  const child = spawnTracked(process.execPath, [BARE_SERVER, bodyFile, contentType], { stdio: ['ignore', 'pipe', 'inherit'] });
  const lines = createInterface({ input: child.stdout });
  const port = await Promise.race([
    new Promise((resolve) => lines.on('line', (line) => line.startsWith('listening ') && resolve(Number(line.slice(10))))),
    child.exited.then(({ exitCode, signal }) => Promise.reject(new Error(`bare server exited ${exitCode ?? signal}`))),
    sleep(10_000).then(() => Promise.reject(new Error('bare server did not listen within 10 s'))),
  ]);
  return { child, pid: child.pid, url: `http://127.0.0.1:${port}` };
}

// One wrk run, plus the server process's own CPU time over it (utime + stime from /proc).
async function measure(server, wrkOptions) {
  const cpuBefore = cpuSeconds(server.pid);
  const result = await runWrk(`${server.url}/metrics`, wrkOptions);
  const cpu = cpuSeconds(server.pid) - cpuBefore;
  return { ...result, server_cpu_ms_per_request: (cpu / result.requests) * 1000 };
}

// Where the daemon's per-scrape time goes: registry.metrics() timed in this process on the same registry
// (createMetrics from dist: prom-client's default metrics plus npu-watch's own), and each metric's get().
async function registryBreakdown(iterations = 300) {
  const { registry } = createMetrics();
  for (let i = 0; i < 50; i++) await registry.metrics();
  let start = performance.now();
  for (let i = 0; i < iterations; i++) await registry.metrics();
  const metricsMs = (performance.now() - start) / iterations;
  const perMetric = [];
  for (const metric of registry.getMetricsAsArray()) {
    start = performance.now();
    for (let i = 0; i < iterations; i++) await metric.get();
    perMetric.push({ name: metric.name, ms: (performance.now() - start) / iterations });
  }
  perMetric.sort((a, b) => b.ms - a.ms);
  return { metrics_ms: metricsMs, top: perMetric.slice(0, 4) };
}

export async function main(options = {}) {
  const {
    connections = 8,
    threads = 1,
    durationSeconds = 10,
    warmupSeconds = 3,
    rounds = 3,
    targetRatio = 1.3,
    log = console.log,
  } = options;
  const wrkVersion = requireWrk();
  const config = writeDaemonConfig(`
[schedule]
probes = "${NEVER}"
updates = "${NEVER}"
canary = "${NEVER}"
`);
  let daemon;
  let bare;
  try {
    daemon = await startDaemon(config);
    await waitForCanaryVerdicts(daemon);
    await sleep(2_000); // the update check follows the canary
    const { body, contentType } = await scrape(`${daemon.url}/metrics`);
    const bodyFile = path.join(config.dir, 'metrics.txt');
    fs.writeFileSync(bodyFile, body);
    bare = await startBareServer(bodyFile, contentType);

    const wrkOptions = { threads, connections, durationSeconds };
    await runWrk(`${daemon.url}/metrics`, { threads, connections, durationSeconds: warmupSeconds });
    await runWrk(`${bare.url}/metrics`, { threads, connections, durationSeconds: warmupSeconds });
    const daemonRuns = [];
    const bareRuns = [];
    for (let round = 0; round < rounds; round++) {
      daemonRuns.push(await measure(daemon, wrkOptions));
      bareRuns.push(await measure(bare, wrkOptions));
    }
    const summarize = (runs) => ({
      p50_ms: median(runs.map((run) => run.p50_ms)),
      p99_ms: median(runs.map((run) => run.p99_ms)),
      requests_per_second: median(runs.map((run) => run.requests_per_second)),
      cpu_ms_per_request: median(runs.map((run) => run.server_cpu_ms_per_request)),
      requests: runs.reduce((sum, run) => sum + run.requests, 0),
      errors: runs.reduce((sum, run) => sum + run.errors, 0),
    });
    // Unloaded latency: one connection, one request at a time (one round each; informative).
    const single = { threads: 1, connections: 1, durationSeconds };
    const daemonSingle = await measure(daemon, single);
    const bareSingle = await measure(bare, single);
    const d = summarize(daemonRuns);
    const b = summarize(bareRuns);
    const ratio = d.p50_ms / b.p50_ms;
    const breakdown = await registryBreakdown();
    const ok = ratio <= targetRatio && d.errors === 0 && b.errors === 0;

    const ms = (value) => `${value.toFixed(3)} ms`;
    log(`load: ${daemonRuns[0].command.replace(/ http\S+$/, '')} (${wrkVersion.split(' [')[0]}), ${rounds} alternating rounds, medians; body ${body.length.toLocaleString('en-US')} bytes`);
    log(`daemon /metrics: p50 ${ms(d.p50_ms)}, p99 ${ms(d.p99_ms)}, ${d.requests_per_second.toFixed(0)} req/s, ${ms(d.cpu_ms_per_request)} CPU per request (${d.errors} errors)`);
    log(`bare node:http, same bytes: p50 ${ms(b.p50_ms)}, p99 ${ms(b.p99_ms)}, ${b.requests_per_second.toFixed(0)} req/s, ${ms(b.cpu_ms_per_request)} CPU per request (${b.errors} errors)`);
    log(
      `p50 ratio daemon / bare: ${ratio.toFixed(2)}× (target ≤ ${targetRatio}×); p99 ${(d.p99_ms / b.p99_ms).toFixed(2)}×, ` +
        `throughput ${(b.requests_per_second / d.requests_per_second).toFixed(2)}× lower` +
        (ok ? '' : '  ← over target'),
    );
    log(
      `  one connection: daemon p50 ${ms(daemonSingle.p50_ms)}, p99 ${ms(daemonSingle.p99_ms)}; bare p50 ${ms(bareSingle.p50_ms)}, ` +
        `p99 ${ms(bareSingle.p99_ms)}; p50 ratio ${(daemonSingle.p50_ms / bareSingle.p50_ms).toFixed(2)}×`,
    );
    log(
      `  registry.metrics() alone (this process, same registry): ${ms(breakdown.metrics_ms)}; costliest get(): ` +
        breakdown.top.map((metric) => `${metric.name} ${ms(metric.ms)}`).join(', '),
    );
    return {
      connections,
      threads,
      duration_seconds: durationSeconds,
      rounds,
      body_bytes: Buffer.byteLength(body),
      daemon: d,
      bare: b,
      p50_ratio: ratio,
      p99_ratio: d.p99_ms / b.p99_ms,
      single_connection: {
        daemon: { p50_ms: daemonSingle.p50_ms, p99_ms: daemonSingle.p99_ms, requests_per_second: daemonSingle.requests_per_second },
        bare: { p50_ms: bareSingle.p50_ms, p99_ms: bareSingle.p99_ms, requests_per_second: bareSingle.requests_per_second },
        p50_ratio: daemonSingle.p50_ms / bareSingle.p50_ms,
      },
      registry_metrics_ms: breakdown.metrics_ms,
      costliest_metrics: breakdown.top,
      within_targets: ok,
    };
  } finally {
    if (bare) await stopTracked(bare.child);
    await stopDaemonAndCleanUp(daemon, config, log);
  }
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) {
  await main();
}
