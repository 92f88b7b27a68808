#!/usr/bin/env node
// How soon a package update is answered: the time from a change of rpm's database on the fixture host to the new
// verdict on /metrics (npuwatch_canary_runs_total{device="NPU"} one higher, with the new driver version in
// npuwatch_component_info), beside the fake canary's own duration (from its "canary: NPU" line to its
// "canary NPU: …" line in the daemon's journal). The daemon runs on a copy of the Fedora 43 fixture host with the
// fake runtime (NPU only, scenario "working") and every schedule set so it does not come round: only the change
// watch can start these runs. Each round lands an update as test/helpers/host-fixture.ts landRpmUpdate does (the
// rpm stand-in's output replaced, then rpm's database written). Target: at most the canary's duration + 2 s.
// Needs the build (`npm run build`) and root (the fixture's RAPL counters are root-only).
import console from 'node:console';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import process from 'node:process';
import { pathToFileURL } from 'node:url';
import { HOST_ROOT, NEVER, scrape, sleep, startDaemon, stopDaemonAndCleanUp, writeDaemonConfig } from './lib/daemon.mjs';

// The fixture host copied to a temp dir (symlinks as links), so this benchmark can change it.
function copyHost() {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'npu-watch-bench-host-'));
  fs.cpSync(HOST_ROOT, root, { recursive: true, verbatimSymlinks: true });
  return root;
}

// A new intel-npu-driver version lands: the rpm stand-in now reports it, then rpm's database is written.
function landDriver(root, version) {
  const file = path.join(root, 'outputs/rpm-q.txt');
  const lines = fs.readFileSync(file, 'utf8').split('\n');
  const index = lines.findIndex((line) => line.startsWith('intel-npu-driver\t'));
  const [name, epoch, , release, arch] = lines[index].split('\t');
  lines[index] = [name, epoch, version, release, arch].join('\t');
  fs.writeFileSync(`${file}.new`, lines.join('\n'));
  fs.renameSync(`${file}.new`, file);
  const db = path.join(root, 'usr/lib/sysimage/rpm');
  fs.mkdirSync(db, { recursive: true });
  for (const entry of ['rpmdb.sqlite-wal', 'rpmdb.sqlite']) {
    fs.writeFileSync(path.join(db, `${entry}.tmp`), `${version}\n`);
    fs.renameSync(path.join(db, `${entry}.tmp`), path.join(db, entry));
  }
  return `${version}-${release}`;
}

const RUNS = 'npuwatch_canary_runs_total{device="NPU"}';
function seriesValue(text, series) {
  const line = text.split('\n').find((l) => l.startsWith(`${series} `));
  return line === undefined ? null : Number(line.slice(line.lastIndexOf(' ') + 1));
}

const median = (values) => {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
};

export async function main(options = {}) {
  const { rounds = 5, pollMs = 20, targetOverheadSeconds = 2, log = console.log } = options;
  const root = copyHost();
  const config = writeDaemonConfig(
    `
[canary]
devices = ["NPU"]

[schedule]
probes = "${NEVER}"
updates = "${NEVER}"
canary = "${NEVER}"
`,
    { scenario: 'working' },
    root,
  );
  let daemon;
  try {
    daemon = await startDaemon(config);
    const metricsUrl = `${daemon.url}/metrics`;
    const runs = async () => seriesValue((await scrape(metricsUrl)).body, RUNS) ?? 0;
    while ((await runs()) < 1) await sleep(pollMs);
    const results = [];
    for (let round = 0; round < rounds; round += 1) {
      const before = await runs();
      const starts = daemon.lines().filter((line) => line.msg === 'canary: NPU').length;
      const landedAt = Date.now();
      const version = landDriver(root, `1.${17 + round}.0`);
      let text;
      for (;;) {
        text = (await scrape(metricsUrl)).body;
        if ((seriesValue(text, RUNS) ?? 0) > before) break;
        await sleep(pollMs);
      }
      const seenAt = Date.now();
      const info = seriesValue(text, `npuwatch_component_info{component="intel-npu-driver",version="${version}"}`);
      // The pass this update started: its start and end lines in the journal.
      const passStart = daemon.lines().filter((line) => line.msg === 'canary: NPU')[starts];
      const passEnd = daemon.lines().filter((line) => String(line.msg).startsWith('canary NPU: '))[starts];
      // pino writes ISO times (src/log.ts, stdTimeFunctions.isoTime).
      const canarySeconds = (Date.parse(passEnd.time) - Date.parse(passStart.time)) / 1000;
      const latencySeconds = (seenAt - landedAt) / 1000;
      // Where the time went: the debounced change, the inventory's verdict on it, the canary's start.
      const after = (line) => (line ? ((Date.parse(line.time) - landedAt) / 1000).toFixed(2) : '?');
      const changed = daemon.lines().filter((line) => line.event === 'host_changed').at(-1);
      const versionSeen = daemon.lines().filter((line) => line.event === 'component_changed' && line.component === 'intel-npu-driver').at(-1);
      const steps = `change seen +${after(changed)} s, new version +${after(versionSeen)} s, canary start +${after(passStart)} s, end +${after(passEnd)} s`;
      results.push({ version, latency_seconds: latencySeconds, canary_seconds: canarySeconds, overhead_seconds: latencySeconds - canarySeconds, version_on_metrics: info === 1 });
      log(
        `round ${round + 1}: driver ${version}: new verdict on /metrics ${latencySeconds.toFixed(2)} s after the change; ` +
          `the canary itself ${canarySeconds.toFixed(2)} s; overhead ${(latencySeconds - canarySeconds).toFixed(2)} s` +
          ` (${steps})` +
          (info === 1 ? '' : '  ← new version not on /metrics'),
      );
    }
    const overheadMedian = median(results.map((r) => r.overhead_seconds));
    const overheadMax = Math.max(...results.map((r) => r.overhead_seconds));
    const ok = overheadMax <= targetOverheadSeconds && results.every((r) => r.version_on_metrics);
    log(
      `change → verdict: median ${median(results.map((r) => r.latency_seconds)).toFixed(2)} s, canary median ${median(results.map((r) => r.canary_seconds)).toFixed(2)} s; ` +
        `overhead median ${overheadMedian.toFixed(2)} s, max ${overheadMax.toFixed(2)} s (target ≤ ${targetOverheadSeconds} s over the canary)` +
        (ok ? '' : '  ← over target'),
    );
    return { rounds: results, overhead_median_seconds: overheadMedian, overhead_max_seconds: overheadMax, within_targets: ok };
  } finally {
    await stopDaemonAndCleanUp(daemon, config, log);
    fs.rmSync(root, { recursive: true, force: true });
  }
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const result = await main();
  if (!result.within_targets) process.exitCode = 1;
}
