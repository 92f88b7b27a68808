#!/usr/bin/env node
// The Python worker's greedy decode loop's own cost per token at a 151,936-entry vocabulary: runs
// bench/python/decode_overhead.py (the shipped loop, python/npu_watch_py/decode.py, against a stand-in request that
// costs nothing) with Debian's /usr/bin/python3 (numpy from python3-numpy), or $NPU_WATCH_BENCH_PYTHON.
import { execFileSync } from 'node:child_process';
import console from 'node:console';
import process from 'node:process';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { summarizeDecodeRuns } from '../dist/canary/llm/benchmark-stats.js';

const SCRIPT = fileURLToPath(new URL('./python/decode_overhead.py', import.meta.url));

export async function main(options = {}) {
  const { python = process.env.NPU_WATCH_BENCH_PYTHON || '/usr/bin/python3', targetOverheadMs = 0.3, targetErrorPercent = 2, log = console.log } = options;
  const { rate_runs: rateRuns, known_ttft_seconds: knownTtft, ...measured } = JSON.parse(execFileSync(python, [SCRIPT], { encoding: 'utf8' }));
  // The daemon's own summary of the Python worker's runs (it computes every worker's figures).
  const summary = summarizeDecodeRuns(rateRuns);
  const figures = {
    ...measured,
    measured_tokens_per_second: summary.tokens_per_second,
    rate_error_percent: ((summary.tokens_per_second - measured.known_rate) / measured.known_rate) * 100,
    ttft_error_percent: ((summary.ttft_seconds - knownTtft) / knownTtft) * 100,
  };
  const overheadOk = figures.overhead_ms_per_token <= targetOverheadMs;
  const rateOk = Math.abs(figures.rate_error_percent) <= targetErrorPercent;
  log(
    `Python decode loop overhead: ${figures.overhead_ms_per_token.toFixed(3)} ms/token (median of 5 runs × 256 tokens; Python ${figures.python}, numpy ${figures.numpy}), target ≤ ${targetOverheadMs} ms` +
      (overheadOk ? '' : '  ← over target'),
  );
  log(`  argmax over ${figures.vocab.toLocaleString('en-US')} logits alone (numpy): ${figures.argmax_ms.toFixed(3)} ms`);
  log(
    `tok/s error vs known rate: ${figures.rate_error_percent >= 0 ? '+' : ''}${figures.rate_error_percent.toFixed(2)}% (target ≤ ${targetErrorPercent}%)` +
      ` — measured ${figures.measured_tokens_per_second.toFixed(3)} tok/s vs ${figures.known_rate}` +
      (rateOk ? '' : '  ← over target'),
  );
  log(`  TTFT error vs known prefill: ${figures.ttft_error_percent >= 0 ? '+' : ''}${figures.ttft_error_percent.toFixed(2)}%`);
  return { ...figures, within_targets: overheadOk && rateOk };
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) {
  await main();
}
