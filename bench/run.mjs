#!/usr/bin/env node
// `npm run bench`: every benchmark, one after another, on the built code (npm run bench builds first).
// Needs root (the fixture's RAPL counters are root-only) and wrk (apt-get install -y wrk). About 18 minutes.
import { main as changeLatency } from './change-latency.mjs';
import { main as decodeOverhead } from './decode-overhead.mjs';
import { main as decodeOverheadPython } from './decode-overhead-python.mjs';
import { main as idleCost } from './idle-cost.mjs';
import { main as metricsLatency } from './metrics-latency.mjs';
import { main as scrapeLag } from './scrape-lag.mjs';
import { main as soak } from './soak.mjs';
import { main as statusHammer } from './status-hammer.mjs';
import { main as workerLaunch } from './worker-launch.mjs';

const benches = [
  ['decode loop overhead (bench/decode-overhead.mjs)', decodeOverhead],
  ['Python decode loop overhead (bench/decode-overhead-python.mjs)', decodeOverheadPython],
  ['/metrics against a bare node:http server (bench/metrics-latency.mjs)', metricsLatency],
  ['event-loop lag while canaries run and /metrics is hammered (bench/scrape-lag.mjs)', scrapeLag],
  ['/metrics while 50 clients hammer /status (bench/status-hammer.mjs)', statusHammer],
  ['worker launch overhead (bench/worker-launch.mjs)', workerLaunch],
  ['idle cost of the running daemon (bench/idle-cost.mjs)', idleCost],
  ['package update to new verdict (bench/change-latency.mjs)', changeLatency],
  ['soak: 1,000 canary cycles (bench/soak.mjs)', soak],
];
for (const [title, run] of benches) {
  console.log(`\n# ${title}`);
  const result = await run();
  if (!result.within_targets) process.exitCode = 1;
}
