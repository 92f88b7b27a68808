#!/usr/bin/env node
// What the running daemon costs between probes, whole-process: `node dist/cli.js run` on the fixture host with
// the fake runtime, every schedule set so it does not come round, so only the first pass at start-up runs (host
// probes, a canary on NPU and CPU, the update check). After a warm-up it is left alone for a few minutes, then
// scraped every 15 s (Prometheus' default interval) for a couple more. The change watch runs throughout (its
// inotify watches on the fixture host's package database, firmware and ancestor directories, and its 2 s stat of
// the intel_vpu module dir), and so does the kernel log follower (a following journalctl stand-in, see
// followingJournal); the number of watches the daemon holds is read from /proc and printed. CPU is utime + stime from
// /proc/<pid>/stat (10 ms ticks), RSS is VmRSS from /proc/<pid>/status, both read from outside, which does not
// wake the daemon. Needs the build (`npm run build`).
import console from 'node:console';
import fs from 'node:fs';
import path from 'node:path';
import process from 'node:process';
import { pathToFileURL } from 'node:url';
import { HOST_ROOT, NEVER, REPO, scrape, sleep, startDaemon, waitForCanaryVerdicts, writeDaemonConfig, stopDaemonAndCleanUp } from './lib/daemon.mjs';
import { CLOCK_TICKS, cpuSeconds, emptyNodeRss, inotifyWatches, MB, rssBytes, rssParts } from './lib/proc-stats.mjs';

// A bin dir whose journalctl follows like the real `journalctl -k -f` (the kernel-follow tests' stand-in,
// test/fixtures/kernel-follow/, on an empty feed: it stays running and prints nothing, as a quiet kernel does) and
// answers the one-shot read with the fixture host's captured log. So the daemon's kernel log follower is running,
// not given up, throughout the measurement.
function followingJournal(dir) {
  const bin = path.join(dir, 'bin-follow');
  fs.mkdirSync(bin);
  const feed = path.join(dir, 'kernel-feed.jsonl');
  const runs = path.join(dir, 'kernel-runs.jsonl');
  fs.writeFileSync(feed, '');
  const follow = path.join(REPO, 'test/fixtures/kernel-follow/journalctl');
  const host = path.join(HOST_ROOT, 'bin/journalctl');
  fs.writeFileSync(
    path.join(bin, 'journalctl'),
    `#!/bin/sh\ncase " $* " in\n  *" -f "*) KERNEL_FEED='${feed}' KERNEL_RUNS='${runs}' exec '${follow}' "$@" ;;\n  *) exec '${host}' "$@" ;;\nesac\n`,
    { mode: 0o755 },
  );
  return { bin, followerRuns: () => fs.readFileSync(runs, 'utf8').split('\n').filter(Boolean).length };
}

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
  const journal = followingJournal(config.dir);
  let daemon;
  try {
    daemon = await startDaemon(config, { env: { PATH: `${journal.bin}:${path.join(HOST_ROOT, 'bin')}:${process.env.PATH ?? ''}` } });
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
    const followers = journal.followerRuns();
    log(`  kernel log follower: journalctl -f started ${followers} time(s) (1: it ran throughout, never restarted)`);
    const parts = rssParts(daemon.pid);
    const empty = emptyNodeRss();
    log(
      `  RSS at the end: ${mb(parts.anon)} anonymous (heap, code) + ${mb(parts.file)} file-backed (the node binary's pages, shared); ` +
        `an empty node: ${mb(empty.rss)} (${mb(empty.anon)} + ${mb(empty.file)})`,
    );
    if (scraped) {
      log(
        `  scraped every ${scrapeEverySeconds} s: ${pct(scraped.cpu_percent)} of one core over ${scraped.seconds.toFixed(0)} s ` +
          `(${(scraped.cpu_seconds * 1000).toFixed(0)} ms of CPU for ${scrapes} scrapes)`,
      );
    }
    return {
      warmup_seconds: warmupSeconds,
      inotify_watches: watches,
      kernel_follower_starts: followers,
      rss_end_anon_mb: parts.anon / MB,
      rss_end_file_mb: parts.file / MB,
      empty_node_rss_mb: empty.rss / MB,
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
