#!/usr/bin/env node
// What the running daemon costs between probes, whole-process: `node dist/cli.js run` on the fixture host with
// the fake runtime, every schedule set so it does not come round, so only the first pass at start-up runs (host
// probes, a canary on NPU and CPU, the update check). After a warm-up it is left alone for a few minutes, then
// scraped every 15 s (Prometheus' default interval) for a couple more. The change watch runs throughout (its
// inotify watches on the fixture host's package database, firmware and ancestor directories, and its 2 s stat of
// the intel_vpu module dir); the number of watches the daemon holds is read from /proc and printed. CPU is utime + stime from
// /proc/<pid>/stat (10 ms ticks), RSS is VmRSS from /proc/<pid>/status, both read from outside, which does not
// wake the daemon. Needs the build (`npm run build`).
import console from 'node:console';
import process from 'node:process';
import { pathToFileURL } from 'node:url';
import { NEVER, scrape, sleep, startDaemon, waitForCanaryVerdicts, writeDaemonConfig, stopDaemonAndCleanUp } from './lib/daemon.mjs';
import { CLOCK_TICKS, cpuSeconds, inotifyWatches, MB, rssBytes } from './lib/proc-stats.mjs';

// Samples RSS every `sampleMs` for `seconds` (and calls `every` each `everyMs`, if given); returns CPU and RSS.
async function observe(pid, seconds, { sampleMs = 5_000, every, everyMs } = {}) {
  const cpuStart = cpuSeconds(pid);
  const start = performance.now();
  const rss = [rssBytes(pid)];
  let nextSample = sampleMs;
  let nextEvery = everyMs ?? Infinity;
  for (;;) {
    const elapsed = performance.now() - start;
    if (elapsed >= seconds * 1000) break;
    const wake = Math.min(nextSample, nextEvery, seconds * 1000);
    await sleep(Math.max(0, wake - elapsed));
    const now = performance.now() - start;
    if (now >= nextEvery) {
      await every();
      nextEvery += everyMs;
    }
    if (now >= nextSample) {
      rss.push(rssBytes(pid));
      nextSample += sampleMs;
    }
  }
  const wall = (performance.now() - start) / 1000;
  rss.push(rssBytes(pid));
  const cpu = cpuSeconds(pid) - cpuStart;
  return { seconds: wall, cpu_seconds: cpu, cpu_percent: (cpu / wall) * 100, rss_start: rss[0], rss_end: rss.at(-1), rss_max: Math.max(...rss) };
}

export async function main(options = {}) {
  const {
    warmupSeconds = 30,
    idleSeconds = 180,
    scrapedSeconds = 120,
    scrapeEverySeconds = 15,
    targetRssMb = 80,
    targetCpuPercent = 0.1,
    log = console.log,
  } = options;
  const config = writeDaemonConfig(`
[schedule]
probes = "${NEVER}"
updates = "${NEVER}"
canary = "${NEVER}"
`);
  let daemon;
  try {
    daemon = await startDaemon(config);
    await waitForCanaryVerdicts(daemon);
    const afterFirstPass = rssBytes(daemon.pid);
    const watches = inotifyWatches(daemon.pid);
    await sleep(warmupSeconds * 1000);
    const idle = await observe(daemon.pid, idleSeconds);
    const metricsUrl = `${daemon.url}/metrics`;
    let scrapes = 0;
    const scraped =
      scrapedSeconds > 0
        ? await observe(daemon.pid, scrapedSeconds, {
            every: async () => {
              await scrape(metricsUrl);
              scrapes += 1;
            },
            everyMs: scrapeEverySeconds * 1000,
          })
        : null;

    const rssMax = Math.max(idle.rss_max, scraped?.rss_max ?? 0);
    const rssOk = rssMax <= targetRssMb * MB;
    const cpuOk = idle.cpu_percent <= targetCpuPercent;
    const mb = (bytes) => `${(bytes / MB).toFixed(1)} MB`;
    const pct = (value) => `${value.toFixed(3)}%`;
    const resolution = (1 / CLOCK_TICKS / idle.seconds) * 100;
    log(
      `RSS: ${mb(idle.rss_start)} after warm-up, ${mb((scraped ?? idle).rss_end)} at the end, ${mb(rssMax)} at most ` +
        `(target ≤ ${targetRssMb} MB; ${mb(afterFirstPass)} right after the first pass)` +
        (rssOk ? '' : '  ← over target'),
    );
    log(
      `CPU idle: ${pct(idle.cpu_percent)} of one core over ${idle.seconds.toFixed(0)} s ` +
        `(${(idle.cpu_seconds * 1000).toFixed(0)} ms of CPU; one tick is ${pct(resolution)}), target ≤ ${targetCpuPercent}%` +
        (cpuOk ? '' : '  ← over target'),
    );
    log(`  change watch: ${watches} inotify watch(es) held by the daemon`);
    if (scraped) {
      log(
        `  scraped every ${scrapeEverySeconds} s: ${pct(scraped.cpu_percent)} of one core over ${scraped.seconds.toFixed(0)} s ` +
          `(${(scraped.cpu_seconds * 1000).toFixed(0)} ms of CPU for ${scrapes} scrapes)`,
      );
    }
    return {
      warmup_seconds: warmupSeconds,
      inotify_watches: watches,
      rss_after_first_pass_mb: afterFirstPass / MB,
      rss_after_warmup_mb: idle.rss_start / MB,
      rss_end_mb: (scraped ?? idle).rss_end / MB,
      rss_max_mb: rssMax / MB,
      idle_seconds: idle.seconds,
      idle_cpu_seconds: idle.cpu_seconds,
      idle_cpu_percent: idle.cpu_percent,
      scraped: scraped && { seconds: scraped.seconds, scrapes, cpu_seconds: scraped.cpu_seconds, cpu_percent: scraped.cpu_percent },
      within_targets: rssOk && cpuOk,
    };
  } finally {
    await stopDaemonAndCleanUp(daemon, config, log);
  }
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) {
  await main();
}
