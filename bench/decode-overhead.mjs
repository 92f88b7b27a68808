#!/usr/bin/env node
// The greedy decode loop's own cost per token at Qwen2.5's vocabulary (151,936), and how exactly the benchmark
// recovers a known decode rate. Runs the BUILT loop (dist/) against an in-process fake infer request that
// returns preallocated logits ([1, P, vocab] for the prefill, [1, 1, vocab] per step), so nothing but the
// loop (tensor updates, await, argmax) is timed. Build first: `npx tsc -p tsconfig.build.json`.
import console from 'node:console';
import { performance } from 'node:perf_hooks';
import process from 'node:process';
import { pathToFileURL } from 'node:url';
import { argmaxLastRow } from '../dist/canary/llm/argmax.js';
import { median, summarizeDecodeRuns } from '../dist/canary/llm/benchmark-stats.js';
import { greedyDecode } from '../dist/canary/llm/greedy-decode.js';

const VOCAB = 151_936;
const now = () => performance.now() / 1000;

// A Tensor over a TypedArray, as openvino-node's: shared memory, setShape within the original capacity.
// With `copyOnRead`, getData returns a fresh copy, as openvino-node's binding does (it memcpy's the tensor).
class FakeTensor {
  constructor(type, shape, data, copyOnRead = false) {
    this.type = type;
    this.shape = [...shape];
    this.data = data;
    this.capacity = data.length;
    this.copyOnRead = copyOnRead;
  }

  getData() {
    return this.copyOnRead ? this.data.slice() : this.data;
  }

  getShape() {
    return [...this.shape];
  }

  setShape(shape) {
    if (shape.reduce((a, b) => a * b, 1) > this.capacity) throw new Error(`Could set new shape: ${shape}`);
    this.shape = [...shape];
  }
}

const makeTensor = (type, shape, data) => new FakeTensor(type, shape, data);

// Deterministic pseudo-random logits in [-8, 8), like a real row: the maximum is rarely replaced while scanning.
function randomLogits(length, seed) {
  const logits = new Float32Array(length);
  let state = seed >>> 0;
  for (let i = 0; i < length; i++) {
    state = (Math.imul(state, 1664525) + 1013904223) >>> 0;
    logits[i] = (state / 2 ** 32) * 16 - 8;
  }
  return logits;
}

// Precise blocking sleep: Atomics.wait for all but the last millisecond, then spin on the monotonic clock.
const waitCell = new Int32Array(new SharedArrayBuffer(4));
function sleepSeconds(seconds) {
  if (seconds <= 0) return;
  const deadline = performance.now() + seconds * 1000;
  const coarse = deadline - performance.now() - 1;
  if (coarse > 0) Atomics.wait(waitCell, 0, 0, coarse);
  while (performance.now() < deadline) {
    // spin
  }
}

// Logits for one prompt length, made once and shared by every fresh request.
function makeLogits(promptLength, copyOnRead) {
  return {
    prefill: new FakeTensor('f32', [1, promptLength, VOCAB], randomLogits(promptLength * VOCAB, 1), copyOnRead),
    step: new FakeTensor('f32', [1, 1, VOCAB], randomLogits(VOCAB, 2), copyOnRead),
  };
}

// A fresh stateful request (one conversation): the first call is the prefill, every later one a decode step.
class FakeRequest {
  constructor(logits, prefillSeconds = 0, stepSeconds = 0) {
    this.logits = logits;
    this.prefillSeconds = prefillSeconds;
    this.stepSeconds = stepSeconds;
    this.calls = 0;
  }

  async inferAsync() {
    const prefill = this.calls++ === 0;
    sleepSeconds(prefill ? this.prefillSeconds : this.stepSeconds);
    return { logits: prefill ? this.logits.prefill : this.logits.step };
  }
}

async function decodeRuns({ logits, promptIds, tokens, runs, prefillSeconds = 0, stepSeconds = 0 }) {
  const results = [];
  for (let i = 0; i < runs; i++) {
    results.push(await greedyDecode(new FakeRequest(logits, prefillSeconds, stepSeconds), makeTensor, promptIds, tokens, now));
  }
  return results;
}

const perTokenMs = (run) => (run.decode_seconds / (run.tokens.length - 1)) * 1000;
const fixed = (value, digits) => value.toFixed(digits);
const signed = (value, digits) => `${value >= 0 ? '+' : ''}${value.toFixed(digits)}`;

// Runs the measurements, prints them, and returns the figures (for bench/run.mjs).
export async function main(options = {}) {
  const {
    promptLength = 32,
    tokens = 256,
    runs = 5,
    targetOverheadMs = 0.3,
    rate = 25,
    rateTokens = 64,
    rateRuns = 3,
    ttftSeconds = 0.2,
    targetErrorPercent = 2,
    log = console.log,
  } = options;
  const promptIds = Array.from({ length: promptLength }, (_, i) => (i * 7919) % VOCAB);
  const zeroCopy = makeLogits(promptLength, false);
  const copying = makeLogits(promptLength, true);

  // Warm-up: let V8 optimise the loop and argmax before anything is timed.
  await decodeRuns({ logits: zeroCopy, promptIds, tokens, runs: 2 });
  await decodeRuns({ logits: copying, promptIds, tokens, runs: 1 });

  const overheadRuns = await decodeRuns({ logits: zeroCopy, promptIds, tokens, runs });
  const overheadMs = median(overheadRuns.map(perTokenMs));
  const copyRuns = await decodeRuns({ logits: copying, promptIds, tokens, runs });
  const copyOverheadMs = median(copyRuns.map(perTokenMs));

  const row = zeroCopy.step.data;
  const argmaxSamples = [];
  for (let i = 0; i < 200; i++) {
    const start = performance.now();
    argmaxLastRow(row, VOCAB);
    argmaxSamples.push(performance.now() - start);
  }
  const argmaxMs = median(argmaxSamples);

  const rateResults = await decodeRuns({
    logits: zeroCopy,
    promptIds,
    tokens: rateTokens,
    runs: rateRuns,
    prefillSeconds: ttftSeconds,
    stepSeconds: 1 / rate,
  });
  const summary = summarizeDecodeRuns(rateResults);
  const rateErrorPercent = ((summary.tokens_per_second - rate) / rate) * 100;
  const ttftErrorPercent = ((summary.ttft_seconds - ttftSeconds) / ttftSeconds) * 100;

  const overheadOk = overheadMs <= targetOverheadMs;
  const rateOk = Math.abs(rateErrorPercent) <= targetErrorPercent;
  log(
    `decode loop overhead: ${fixed(overheadMs, 3)} ms/token (median of ${runs} runs), target ≤ ${targetOverheadMs} ms` +
      (overheadOk ? '' : '  ← over target'),
  );
  log(`  argmax over ${VOCAB.toLocaleString('en-US')} logits alone: ${fixed(argmaxMs, 3)} ms`);
  log(`  with a logits copy per read, as openvino-node's getData makes: ${fixed(copyOverheadMs, 3)} ms/token`);
  log(
    `tok/s error vs known rate: ${signed(rateErrorPercent, 2)}% (target ≤ ${targetErrorPercent}%)` +
      ` — measured ${fixed(summary.tokens_per_second, 3)} tok/s vs ${rate} (median of ${rateRuns} runs × ${rateTokens} tokens)` +
      (rateOk ? '' : '  ← over target'),
  );
  log(`  TTFT error vs known prefill: ${signed(ttftErrorPercent, 2)}% — measured ${fixed(summary.ttft_seconds * 1000, 2)} ms vs ${ttftSeconds * 1000} ms`);

  return {
    vocab: VOCAB,
    overhead_ms_per_token: overheadMs,
    overhead_with_copy_ms_per_token: copyOverheadMs,
    argmax_ms: argmaxMs,
    known_rate: rate,
    measured_tokens_per_second: summary.tokens_per_second,
    rate_error_percent: rateErrorPercent,
    ttft_error_percent: ttftErrorPercent,
    within_targets: overheadOk && rateOk,
  };
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) {
  await main();
}
