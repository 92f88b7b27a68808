// Preloaded into the daemon by scrape-lag.mjs (NODE_OPTIONS="--import <this file>"): an event-loop delay
// histogram of its own, independent of prom-client's (which every scrape of /metrics resets, so under a
// hammering load prom-client's figure covers only the last fraction of a millisecond). On SIGUSR2 it writes its
// figures to $NPU_WATCH_BENCH_LAG_FILE (atomically, with an increasing `seq`) and starts a new window.
// It removes its variables and NODE_OPTIONS from process.env at once, so the canary workers the daemon
// spawns run exactly as they would without it.
import fs from 'node:fs';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import process from 'node:process';

const file = process.env.NPU_WATCH_BENCH_LAG_FILE;
// prom-client's default eventLoopMonitoringPrecision, so the figures mean what npuwatch_nodejs_eventloop_lag_* mean.
const resolution = Number(process.env.NPU_WATCH_BENCH_LAG_RESOLUTION_MS ?? 10);
delete process.env.NPU_WATCH_BENCH_LAG_FILE;
delete process.env.NPU_WATCH_BENCH_LAG_RESOLUTION_MS;
delete process.env.NODE_OPTIONS;

if (file) {
  const histogram = monitorEventLoopDelay({ resolution });
  histogram.enable();
  let seq = 0;
  let since = Date.now();
  process.on('SIGUSR2', () => {
    const now = Date.now();
    const ms = (ns) => ns / 1e6;
    const figures = {
      seq: ++seq,
      pid: process.pid,
      window_ms: now - since,
      resolution_ms: resolution,
      count: histogram.count,
      min_ms: histogram.count ? ms(histogram.min) : null,
      mean_ms: histogram.count ? ms(histogram.mean) : null,
      p50_ms: ms(histogram.percentile(50)),
      p90_ms: ms(histogram.percentile(90)),
      p99_ms: ms(histogram.percentile(99)),
      max_ms: histogram.count ? ms(histogram.max) : null,
    };
    fs.writeFileSync(`${file}.tmp`, JSON.stringify(figures));
    fs.renameSync(`${file}.tmp`, file);
    histogram.reset();
    since = now;
  });
}
