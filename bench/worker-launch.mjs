#!/usr/bin/env node
// Worker launch overhead: how long from "start canary" (calling launchWorker) until the worker's first stage
// line arrives, and what the whole canary costs around the runtime's own work (wall time minus the sum of the
// stages the worker timed). CPU device, the fake runtime's `working` scenario, the BUILT launcher and worker
// (dist/). Build first: `npx tsc -p tsconfig.build.json`. The same for the Python worker (python/npu_watch_worker.py)
// run by Debian's /usr/bin/python3 (or $NPU_WATCH_BENCH_PYTHON) against the fake `openvino` Python package.
import { spawn } from 'node:child_process';
import console from 'node:console';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import process from 'node:process';
import { pathToFileURL } from 'node:url';
import { classifyRun } from '../dist/canary/classify-run.js';
import { runDeviceCanary } from '../dist/canary/device-canary.js';
import { writeCanaryFiles } from '../dist/canary/canary-files.js';
import { launchWorker, nodeWorkerCommand } from '../dist/canary/launcher.js';
import { pythonWorkerCommand } from '../dist/canary/python-worker.js';
import { workerPath } from '../dist/canary/worker-path.js';
import { canaryConfig, canaryRuntime, FAKE_RUNTIME, median, quietLog, REPO, useScenario, writeScenarioFiles } from './lib/workers.mjs';

const PYTHON = process.env.NPU_WATCH_BENCH_PYTHON || '/usr/bin/python3';
const FAKE_PYTHON_RUNTIME = path.join(REPO, 'test/fixtures/fake-openvino-python');

const sum = (values) => values.reduce((a, b) => a + b, 0);
const ms = (value) => `${value.toFixed(1)} ms`;

// One worker through launchWorker, timed from the call: first stage line, last stage end, resolve.
async function timedLaunch(job, command, log, env = undefined) {
  const edges = [];
  const started = performance.now();
  const run = await launchWorker(job, {
    command,
    env,
    totalTimeoutMs: 60_000,
    stageTimeoutMs: 30_000,
    graceMs: 1_000,
    log,
    onStage: (stage, edge) => edges.push({ stage, edge, at: performance.now() - started }),
  });
  const totalMs = performance.now() - started;
  const outcome = classifyRun(run, null);
  const stageMs = sum(Object.values(outcome.canary.stage_seconds)) * 1000;
  const firstStart = edges.find((e) => e.edge === 'start');
  const lastEnd = edges.findLast((e) => e.edge === 'end');
  return {
    result: outcome.canary.result,
    firstStageMs: firstStart?.at ?? NaN,
    totalMs,
    stageMs,
    overheadMs: totalMs - stageMs,
    // After the worker's last stage line: its process.exit, the exit being reaped, stdout closing.
    exitMs: lastEnd ? totalMs - lastEnd.at : NaN,
    compileMs: (outcome.canary.stage_seconds.compile ?? NaN) * 1000,
  };
}

// The same canary as the daemon starts it: runDeviceCanary, from the call to its result.
async function timedDeviceCanary(config, worker, log) {
  const started = performance.now();
  const { outcome } = await runDeviceCanary('CPU', null, { config, log, workerPath: worker, runtime: canaryRuntime(config), benchmark: false });
  const totalMs = performance.now() - started;
  const stageMs = sum(Object.values(outcome.canary.stage_seconds)) * 1000;
  return { result: outcome.canary.result, totalMs, overheadMs: totalMs - stageMs };
}

// A bare `node -e ''` (or `python3 -c ''`) from spawn to exit: the part of a worker's start-up that is the interpreter itself.
function bareNode(file = process.execPath, args = ['-e', '']) {
  return new Promise((resolve, reject) => {
    const started = performance.now();
    const child = spawn(file, args, { stdio: 'ignore' });
    child.once('error', reject);
    child.once('exit', () => resolve(performance.now() - started));
  });
}

// Runs the measurements, prints them, and returns the figures (for bench/run.mjs).
export async function main(options = {}) {
  const { runs = 20, warmup = 2, log = console.log } = options;
  const worker = workerPath();
  const scenarios = writeScenarioFiles(['working']);
  const previousScenario = process.env.NPU_WATCH_FAKE_SCENARIO;
  useScenario(scenarios.files.get('working'));
  const quiet = quietLog();
  // Both workers get the canary files the daemon writes (canary-files.ts), so they do the same work.
  const workDir = fs.mkdtempSync(path.join(os.tmpdir(), 'npu-watch-bench-launch-'));
  const canary = writeCanaryFiles(workDir);
  const job = { runtime_module: FAKE_RUNTIME, device: 'CPU', compiler_type: null, benchmark: null, work_dir: workDir, canary };
  const pythonJob = { ...job, runtime_module: PYTHON };
  const pythonEnv = { PYTHONPATH: FAKE_PYTHON_RUNTIME, PYTHONDONTWRITEBYTECODE: '1' };
  try {
    for (let i = 0; i < warmup; i++) await timedLaunch(job, nodeWorkerCommand(worker), quiet);
    const launches = [];
    for (let i = 0; i < runs; i++) launches.push(await timedLaunch(job, nodeWorkerCommand(worker), quiet));
    for (let i = 0; i < warmup; i++) await timedLaunch(pythonJob, pythonWorkerCommand(PYTHON), quiet, pythonEnv);
    const pythonLaunches = [];
    for (let i = 0; i < runs; i++) pythonLaunches.push(await timedLaunch(pythonJob, pythonWorkerCommand(PYTHON), quiet, pythonEnv));
    const barePython = [];
    for (let i = 0; i < runs; i++) barePython.push(await bareNode(PYTHON, ['-c', '']));
    const config = canaryConfig({ stageTimeoutSeconds: 30, killGraceSeconds: 1, timeoutSeconds: 60 });
    const canaries = [];
    for (let i = 0; i < runs; i++) canaries.push(await timedDeviceCanary(config, worker, quiet));
    const bare = [];
    for (let i = 0; i < runs; i++) bare.push(await bareNode());

    const wrong = [...launches, ...canaries, ...pythonLaunches].filter((r) => r.result !== 'ok').map((r) => r.result);
    const figures = {
      runs,
      first_stage_ms: median(launches.map((r) => r.firstStageMs)),
      first_stage_max_ms: Math.max(...launches.map((r) => r.firstStageMs)),
      total_ms: median(launches.map((r) => r.totalMs)),
      runtime_work_ms: median(launches.map((r) => r.stageMs)),
      fake_compile_ms: median(launches.map((r) => r.compileMs)),
      overhead_ms: median(launches.map((r) => r.overheadMs)),
      exit_ms: median(launches.map((r) => r.exitMs)),
      device_canary_total_ms: median(canaries.map((r) => r.totalMs)),
      device_canary_overhead_ms: median(canaries.map((r) => r.overheadMs)),
      bare_node_ms: median(bare),
      python_first_stage_ms: median(pythonLaunches.map((r) => r.firstStageMs)),
      python_total_ms: median(pythonLaunches.map((r) => r.totalMs)),
      python_runtime_work_ms: median(pythonLaunches.map((r) => r.stageMs)),
      python_overhead_ms: median(pythonLaunches.map((r) => r.overheadMs)),
      python_exit_ms: median(pythonLaunches.map((r) => r.exitMs)),
      bare_python_ms: median(barePython),
      results_not_ok: wrong,
      // No target in the issue for these: they are reported. Only wrong results make the run invalid.
      within_targets: wrong.length === 0,
    };
    log(`worker launch → first stage line: ${ms(figures.first_stage_ms)} (median of ${runs}, max ${ms(figures.first_stage_max_ms)}; no fixed target)`);
    log(`  a bare \`node -e ''\` from spawn to exit, for comparison: ${ms(figures.bare_node_ms)}`);
    log(
      `canary overhead around the runtime's work: ${ms(figures.overhead_ms)} (median; wall ${ms(figures.total_ms)} − stages ${ms(figures.runtime_work_ms)},` +
        ` of which the fake's compile ${ms(figures.fake_compile_ms)}; no fixed target)`,
    );
    log(`  after the last stage line until the launcher returns (exit, reap, pipes closed): ${ms(figures.exit_ms)}`);
    log(`  through runDeviceCanary (as the daemon calls it): overhead ${ms(figures.device_canary_overhead_ms)}, wall ${ms(figures.device_canary_total_ms)}`);
    log(
      `Python worker (${PYTHON}, fake openvino package): first stage line ${ms(figures.python_first_stage_ms)}, overhead ${ms(figures.python_overhead_ms)}` +
        ` (wall ${ms(figures.python_total_ms)} − stages ${ms(figures.python_runtime_work_ms)}), after the last stage ${ms(figures.python_exit_ms)}; no fixed target`,
    );
    log(`  a bare \`${PYTHON} -c ''\` from spawn to exit, for comparison: ${ms(figures.bare_python_ms)}`);
    if (wrong.length > 0) log(`  ← ${wrong.length} run(s) did not pass: ${[...new Set(wrong)].join(', ')}; the figures are not valid`);
    return figures;
  } finally {
    if (previousScenario === undefined) delete process.env.NPU_WATCH_FAKE_SCENARIO;
    else process.env.NPU_WATCH_FAKE_SCENARIO = previousScenario;
    scenarios.cleanup();
    fs.rmSync(workDir, { recursive: true, force: true });
  }
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) {
  await main();
}
