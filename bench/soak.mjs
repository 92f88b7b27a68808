#!/usr/bin/env node
// Soak: many canary cycles in ONE process, as the daemon runs them (runDeviceCanary from the BUILT dist/), over
// a fixed mix of the fake runtime's scenarios (crashes, a hang, errors, wrong output, working) on short
// timeouts. Every cycle's result is checked against what its scenario must give; at the end nothing may be
// left behind: no process, no file descriptor, and RSS may not have grown by more than 10 MB after a warm-up.
// Build first: `npx tsc -p tsconfig.build.json`. `node --expose-gc bench/soak.mjs [cycles]` (the flag is
// optional: without it gc is enabled at run time).
import { randomUUID } from 'node:crypto';
import console from 'node:console';
import { performance } from 'node:perf_hooks';
import process from 'node:process';
import { pathToFileURL } from 'node:url';
import { runDeviceCanary } from '../dist/canary/device-canary.js';
import { stuckWorkerPid } from '../dist/canary/launcher.js';
import { workerPath } from '../dist/canary/worker-path.js';
import {
  canaryConfig,
  canaryRuntime,
  childProcesses,
  collectGarbage,
  MB,
  median,
  openFds,
  pgrep,
  processesWithEnv,
  quietLog,
  settledMemory,
  sleep,
  useScenario,
  writeScenarioFiles,
} from './lib/workers.mjs';

// What each run (the default one, and on NPU each compiler's) must come out as. A function checks a value
// it cannot compare exactly.
const ABORT_SIGNATURE = 'ZE_RESULT_ERROR_UNKNOWN 0x7ffffffe ze_graph_ext_wrappers.cpp:362 assert(__p != nullptr)';
// Compile errors abort the worker on the fake's default release (2025.1, before openvino-node's async compile fix,
// openvinotoolkit/openvino PR #34771): they are still the runtime's compile errors, with SIGABRT and no exit code.
const RUN = {
  ok: { result: 'ok', stage: null, signal: null, exit_code: 0, signature: null },
  abort: { result: 'compile_crash', stage: 'compile', signal: 'SIGABRT', exit_code: null, signature: ABORT_SIGNATURE, compiler_warnings: 8 },
  pluginMissing: {
    result: 'compile_error',
    stage: 'compile',
    signal: 'SIGABRT',
    exit_code: null,
    message: (m) => typeof m === 'string' && m.includes('libopenvino_intel_npu_compiler.so'),
  },
  zeError: { result: 'compile_error', stage: 'compile', signal: 'SIGABRT', exit_code: null, signature: 'ZE_RESULT_ERROR_UNKNOWN 0x7ffffffe ze_graph_ext_wrappers.cpp:362' },
  segfault: { result: 'compile_crash', stage: 'compile', signal: 'SIGSEGV', exit_code: null },
  wrongOutput: { result: 'wrong_output', stage: 'verify', signal: null, exit_code: 0, max_abs_error: (e) => Math.abs(e - 0.5) < 1e-3 },
  timeout: { result: 'timeout', stage: 'compile', signal: 'SIGKILL', exit_code: null, signature: null },
  missing: { result: 'device_missing', stage: 'discover', signal: null, exit_code: 0 },
};

// scenario + device → the default run and, on NPU, [DRIVER, PLUGIN] (null: no per-compiler runs).
const EXPECTED = {
  'working CPU': { run: RUN.ok, compilers: null },
  'working NPU': { run: RUN.ok, compilers: [RUN.ok, RUN.ok] },
  'fedora43 NPU': { run: RUN.abort, compilers: [RUN.abort, RUN.pluginMissing] },
  'fedora43 GPU': { run: RUN.abort, compilers: null },
  'fedora43 CPU': { run: RUN.ok, compilers: null },
  'segfault NPU': { run: RUN.segfault, compilers: [RUN.segfault, RUN.segfault] },
  'ze-error NPU': { run: RUN.zeError, compilers: [RUN.zeError, RUN.zeError] },
  'wrong-output NPU': { run: RUN.wrongOutput, compilers: [RUN.wrongOutput, RUN.wrongOutput] },
  'hang NPU': { run: RUN.timeout, compilers: [RUN.timeout, RUN.timeout] },
  'device-missing NPU': { run: RUN.missing, compilers: null },
};

// The mix, repeated: 20 cycles, 46 workers (an NPU canary runs the default configuration, then DRIVER and PLUGIN
// forced, each in a worker of its own). One hang in 20 (it costs three stage limits plus grace), the crashes, errors and passes interleaved.
export const MIX = [
  'working CPU',
  'fedora43 NPU',
  'segfault NPU',
  'working NPU',
  'ze-error NPU',
  'fedora43 GPU',
  'wrong-output NPU',
  'fedora43 CPU',
  'working CPU',
  'hang NPU',
  'fedora43 NPU',
  'device-missing NPU',
  'working NPU',
  'segfault NPU',
  'ze-error NPU',
  'working CPU',
  'fedora43 NPU',
  'wrong-output NPU',
  'fedora43 GPU',
  'working NPU',
];

const MARKER = 'NPU_WATCH_SOAK_MARK';

// Every way one run differs from what it must be, as "field: got X, expected Y".
function runMismatches(label, run, expected, limits) {
  const wrong = [];
  for (const [field, want] of Object.entries(expected)) {
    const got = run[field];
    const fine = typeof want === 'function' ? want(got) : got === want;
    if (!fine) wrong.push(`${label}.${field}: got ${JSON.stringify(got)}, expected ${typeof want === 'function' ? 'a match' : JSON.stringify(want)}`);
  }
  // A hang ends at the stage limit, SIGTERM is ignored, SIGKILL follows after the grace: not earlier, not much later.
  if (expected.result === 'timeout') {
    const { stage, grace } = limits;
    if (!(run.duration_seconds >= stage && run.duration_seconds <= stage + grace + 2)) {
      wrong.push(`${label}.duration_seconds: ${run.duration_seconds.toFixed(3)} s, expected ${stage}–${stage + grace + 2} s`);
    }
  }
  return wrong;
}

function cycleMismatches(key, result, limits) {
  const expected = EXPECTED[key];
  const wrong = runMismatches('run', result.outcome.canary, expected.run, limits);
  if (expected.compilers === null) {
    if (result.compilers !== null) wrong.push(`compilers: got ${result.compilers.length} runs, expected none`);
  } else if (result.compilers === null || result.compilers.length !== expected.compilers.length) {
    wrong.push(`compilers: got ${result.compilers?.length ?? 'none'}, expected ${expected.compilers.length} runs`);
  } else {
    ['DRIVER', 'PLUGIN'].forEach((compiler, i) => {
      const run = result.compilers[i];
      if (run.compiler !== compiler) wrong.push(`compilers[${i}].compiler: got ${run.compiler}, expected ${compiler}`);
      wrong.push(...runMismatches(`compilers[${i}]`, run, expected.compilers[i], limits));
    });
  }
  return wrong;
}

// The default configuration's worker, and on NPU one more per forced compiler.
const workersOf = (key) => 1 + (EXPECTED[key].compilers?.length ?? 0);
const mb = (bytes) => bytes / MB;
const fixed = (value, digits = 1) => value.toFixed(digits);
const signed = (value, digits = 1) => `${value >= 0 ? '+' : ''}${value.toFixed(digits)}`;

// Runs the soak, prints it, and returns the figures (for bench/run.mjs and test/integration/soak.test.ts).
export async function main(options = {}) {
  const {
    cycles = 1000,
    warmup = 50,
    stageTimeoutSeconds = 1,
    killGraceSeconds = 0.2,
    settleMs = 1000,
    rssSettleSeconds = 4,
    targetRssGrowthMb = 10,
    progressEvery = 100,
    log = console.log,
  } = options;
  const limits = { stage: stageTimeoutSeconds, grace: killGraceSeconds };
  const config = canaryConfig({ stageTimeoutSeconds, killGraceSeconds, timeoutSeconds: 10 });
  const worker = workerPath();
  const scenarios = writeScenarioFiles([...new Set(MIX.map((key) => key.split(' ')[0]))]);
  const quiet = quietLog();
  const deps = { config, log: quiet, workerPath: worker, runtime: canaryRuntime(config), benchmark: false };
  const saved = { scenario: process.env.NPU_WATCH_FAKE_SCENARIO, marker: process.env[MARKER] };
  // Inherited by every worker and anything a worker starts, so leftovers are found even once re-parented.
  const marker = `${process.pid}-${randomUUID()}`;
  process.env[MARKER] = marker;

  // Children this process already had (bench/run.mjs runs other benchmarks first) are not the soak's.
  const preexisting = new Set(childProcesses().map((c) => c.pid));
  const failures = [];
  const seconds = new Map();
  let workers = 0;
  const lingering = [];
  const runCycle = async (index, measured) => {
    const key = MIX[index % MIX.length];
    const [scenario, device] = key.split(' ');
    useScenario(scenarios.files.get(scenario));
    const started = performance.now();
    const result = await runDeviceCanary(device, null, deps);
    const elapsed = (performance.now() - started) / 1000;
    workers += workersOf(key);
    const wrong = cycleMismatches(key, result, limits);
    // The launcher returns once its worker has exited and been reaped: nothing of the cycle may be left.
    // (Counted as a leak, not as a wrong result.)
    const children = childProcesses().filter((c) => !preexisting.has(c.pid));
    if (children.length > 0) {
      lingering.push({ cycle: index, key, children });
    }
    if (wrong.length > 0) failures.push({ cycle: index, key, measured, wrong });
    if (measured) seconds.set(key, [...(seconds.get(key) ?? []), elapsed]);
  };

  const workersBefore = pgrep(worker) ?? [];
  const fdsAtStart = openFds().length;
  const started = performance.now();
  const trend = [];
  try {
    for (let i = 0; i < warmup; i++) await runCycle(i, false);
    // The baseline comes after the warm-up: Node opens some descriptors lazily on its first child process
    // (the SIGCHLD signal pipe, the thread pool's), and JIT code and heap settle over the first cycles.
    await sleep(settleMs);
    const fdsBaseline = openFds();
    const memoryBaseline = await settledMemory({ seconds: rssSettleSeconds });
    const rssBaseline = memoryBaseline.rss;
    const soakStarted = performance.now();
    for (let n = 1; n <= cycles; n++) {
      await runCycle(warmup + n - 1, true);
      if (progressEvery > 0 && (n % progressEvery === 0 || n === cycles)) {
        collectGarbage();
        const point = {
          cycle: n,
          seconds: (performance.now() - soakStarted) / 1000,
          rss_mb: mb(process.memoryUsage().rss),
          heap_mb: mb(process.memoryUsage().heapUsed),
          fds: openFds().length,
        };
        trend.push(point);
        log(
          `  cycle ${n}/${cycles}: ${fixed(point.seconds)} s, ${fixed(n / point.seconds, 2)} cycles/s, RSS ${fixed(point.rss_mb)} MB,` +
            ` heap ${fixed(point.heap_mb)} MB, ${point.fds} fds, ${failures.length} wrong`,
        );
      }
    }
    const soakSeconds = (performance.now() - soakStarted) / 1000;

    await sleep(settleMs);
    const children = childProcesses().filter((c) => !preexisting.has(c.pid));
    const marked = processesWithEnv(MARKER, marker);
    const workersAfter = pgrep(worker);
    const newWorkers = workersAfter === null ? null : workersAfter.filter((pid) => !workersBefore.includes(pid));
    const fdsAfter = openFds();
    const memoryEnd = await settledMemory({ seconds: rssSettleSeconds });
    const rssEnd = memoryEnd.rss;

    const leakedPids = [...new Set([...children.map((c) => c.pid), ...marked.map((p) => p.pid)])];
    const baselineKeys = new Set(fdsBaseline.map((f) => `${f.fd} ${f.target}`));
    const newFds = fdsAfter.filter((f) => !baselineKeys.has(`${f.fd} ${f.target}`));
    const leakedFds = Math.max(0, fdsAfter.length - fdsBaseline.length);
    const rssGrowthMb = mb(rssEnd - rssBaseline);
    const stuck = stuckWorkerPid();
    const measuredFailures = failures.filter((f) => f.measured);
    const perScenario = Object.fromEntries([...seconds].map(([key, list]) => [key, { cycles: list.length, median_seconds: median(list) }]));

    const figures = {
      cycles,
      warmup_cycles: warmup,
      workers_launched: workers,
      soak_seconds: soakSeconds,
      total_seconds: (performance.now() - started) / 1000,
      cycles_per_second: cycles / soakSeconds,
      stage_timeout_seconds: stageTimeoutSeconds,
      kill_grace_seconds: killGraceSeconds,
      correct_cycles: cycles - measuredFailures.length,
      wrong_cycles: measuredFailures.length,
      wrong_warmup_cycles: failures.length - measuredFailures.length,
      failures: failures.slice(0, 20),
      cycles_leaving_a_child: lingering.length,
      lingering: lingering.slice(0, 20),
      leaked_processes: leakedPids.length,
      leaked: { children, marked, pgrep_new_worker_pids: newWorkers },
      preexisting_children: preexisting.size,
      stuck_worker_pid: stuck,
      fds_at_start: fdsAtStart,
      fds_baseline: fdsBaseline.length,
      fds_end: fdsAfter.length,
      leaked_fds: leakedFds,
      new_fds: newFds,
      rss_baseline_mb: mb(rssBaseline),
      rss_end_mb: mb(rssEnd),
      rss_growth_mb: rssGrowthMb,
      target_rss_growth_mb: targetRssGrowthMb,
      heap_used_growth_mb: mb(memoryEnd.heapUsed - memoryBaseline.heapUsed),
      launcher_warnings: quiet.counts.warn,
      launcher_errors: quiet.counts.error,
      per_scenario: perScenario,
      trend,
      within_targets: false,
    };
    const correctOk = failures.length === 0;
    const processesOk = leakedPids.length === 0 && lingering.length === 0 && stuck === null;
    const fdsOk = leakedFds === 0;
    const rssOk = rssGrowthMb <= targetRssGrowthMb;
    figures.within_targets = correctOk && processesOk && fdsOk && rssOk;

    const miss = (ok) => (ok ? '' : '  ← over target');
    log(
      `soak: ${cycles} cycles (+${warmup} warm-up) in ${fixed(soakSeconds)} s (${fixed(figures.cycles_per_second, 2)} cycles/s), ` +
        `${workers} workers, stage limit ${stageTimeoutSeconds} s, grace ${killGraceSeconds} s`,
    );
    log(`  every cycle's result correct: ${figures.correct_cycles}/${cycles} (warm-up: ${warmup - figures.wrong_warmup_cycles}/${warmup}), target all${miss(correctOk)}`);
    for (const failure of failures.slice(0, 5)) log(`    cycle ${failure.cycle} (${failure.key}): ${failure.wrong.join('; ')}`);
    log(
      `  leaked processes: ${leakedPids.length} (children of this process ${children.length}, carrying the soak's env mark ${marked.length},` +
        ` cycles that left one ${lingering.length}; \`pgrep -f ${worker}\` new since the start: ${newWorkers === null ? 'pgrep missing' : newWorkers.length}), target 0${miss(processesOk)}`,
    );
    for (const left of lingering.slice(0, 5)) {
      log(`    after cycle ${left.cycle} (${left.key}): ${left.children.map((c) => `${c.pid} (${c.state}) ${c.command}`).join('; ')}`);
    }
    log(
      `  leaked file descriptors: ${leakedFds} (${fdsBaseline.length} after the warm-up, ${fdsAfter.length} at the end, ${fdsAtStart} before any worker), target 0${miss(fdsOk)}`,
    );
    for (const fd of newFds.slice(0, 5)) log(`    new fd ${fd.fd} → ${fd.target}`);
    log(
      `  RSS growth: ${signed(rssGrowthMb, 2)} MB (${fixed(mb(rssBaseline))} MB after the warm-up → ${fixed(mb(rssEnd))} MB, each after ${rssSettleSeconds} s of gc),` +
        ` target ≤ ${targetRssGrowthMb} MB${miss(rssOk)}; used JS heap ${signed(figures.heap_used_growth_mb, 2)} MB`,
    );
    log(
      `  median seconds per cycle: ${Object.entries(perScenario)
        .map(([key, s]) => `${key} ${fixed(s.median_seconds, 2)}`)
        .join(', ')}`,
    );
    return figures;
  } finally {
    for (const [name, value] of [['NPU_WATCH_FAKE_SCENARIO', saved.scenario], [MARKER, saved.marker]]) {
      if (value === undefined) delete process.env[name];
      else process.env[name] = value;
    }
    scenarios.cleanup();
  }
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const cycles = process.argv[2] === undefined ? undefined : Number(process.argv[2]);
  if (cycles !== undefined && !(Number.isInteger(cycles) && cycles > 0)) {
    console.error('usage: node --expose-gc bench/soak.mjs [cycles]');
    process.exit(2);
  }
  const figures = await main(cycles === undefined ? {} : { cycles });
  if (!figures.within_targets) process.exitCode = 1;
}
