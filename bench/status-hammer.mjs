#!/usr/bin/env node
// /metrics latency while 50 clients hammer /status, on a daemon whose [status] history (10,000 events) is full:
// the time a scrape waits behind /status answers, with the default page (the newest 50 events) and with the
// whole history asked for (?limit=10000, what every /status answer carried before paging). Whole-process on
// loopback, the built daemon on the fixture host with the fake runtime. Needs the build (`npm run build`).
import console from 'node:console';
import fs from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { pathToFileURL } from 'node:url';
import { NEVER, startDaemon, stopDaemonAndCleanUp, writeDaemonConfig } from './lib/daemon.mjs';

const HISTORY = 10_000;
const CLIENTS = 50;
const SCRAPES = 20;
// Target: a scrape under the default-page hammer waits at most this long at the 95th percentile.
const TARGET_P95_MS = 250;

// One GET on a connection of its own, the body read whole.
function get(url) {
  return new Promise((resolve, reject) => {
    http
      .get(url, { agent: false }, (response) => {
        let bytes = 0;
        response.on('data', (chunk) => (bytes += chunk.length));
        response.on('end', () => resolve({ status: response.statusCode, bytes }));
      })
      .on('error', reject);
  });
}

const percentile = (values, p) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
};

// /metrics latencies (ms) while CLIENTS clients ask for `statusPath` back to back.
async function scrapesUnderHammer(url, statusPath) {
  let hammering = true;
  let bytes = 0;
  const client = async () => {
    while (hammering) bytes = (await get(`${url}${statusPath}`)).bytes;
  };
  const clients = Array.from({ length: CLIENTS }, client);
  const latencies = [];
  for (let i = 0; i < SCRAPES; i += 1) {
    const asked = performance.now();
    const answer = await get(`${url}/metrics`);
    if (answer.status !== 200) throw new Error(`/metrics answered ${answer.status}`);
    latencies.push(performance.now() - asked);
  }
  hammering = false;
  await Promise.all(clients);
  return { p50: percentile(latencies, 50), p95: percentile(latencies, 95), status_bytes: bytes };
}

export async function main() {
  const config = writeDaemonConfig(`\n[status]\nhistory = ${HISTORY}\n\n[schedule]\nprobes = "${NEVER}"\nupdates = "${NEVER}"\ncanary = "${NEVER}"\n`);
  const stateDir = path.join(config.dir, 'state');
  fs.mkdirSync(stateDir);
  const events = Array.from({ length: HISTORY }, (_, index) => ({
    id: index + 1,
    kind: 'stopped_working',
    device: 'NPU',
    at: 1_764_000_000_000 + index,
    summary: 'NPU stopped working: compile_crash (SIGABRT) during compile: ZE_RESULT_ERROR_UNKNOWN 0x7ffffffe',
    detail: { result: 'compile_crash', signature: 'ZE_RESULT_ERROR_UNKNOWN 0x7ffffffe', consecutive_failures: 2 },
  }));
  fs.writeFileSync(path.join(stateDir, 'status.json'), JSON.stringify({ version: 1, devices: {}, last_observations: {}, next_event_id: HISTORY + 1, events }));
  const daemon = await startDaemon(config);
  try {
    const idle = await scrapesUnderHammer(daemon.url, '/healthz');
    const paged = await scrapesUnderHammer(daemon.url, '/status');
    const whole = await scrapesUnderHammer(daemon.url, `/status?limit=${HISTORY}`);
    const result = {
      clients: CLIENTS,
      history: HISTORY,
      metrics_ms_while_healthz_hammered: idle,
      metrics_ms_while_status_hammered: paged,
      metrics_ms_while_whole_history_hammered: whole,
      target_p95_ms: TARGET_P95_MS,
      within_targets: paged.p95 <= TARGET_P95_MS,
    };
    console.log(JSON.stringify(result, null, 2));
    return result;
  } finally {
    await stopDaemonAndCleanUp(daemon, config, console.log);
  }
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const result = await main();
  if (!result.within_targets) process.exitCode = 1;
}
