import path from 'node:path';
import pino from 'pino';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { classifyRun } from '../../../src/canary/classify-run.js';
import { runDeviceCanary } from '../../../src/canary/device-canary.js';
import { DEFAULT_NODE_RUNTIME } from '../../../src/canary/runtimes.js';
import { killRunningWorkers, launchWorker, nodeWorkerCommand, type LaunchOptions } from '../../../src/canary/launcher.js';
import { parseConfig } from '../../../src/config.js';
import { eventually } from '../../helpers/cli.js';
import { descendantsOf, leftOver, runs, type SeenProcess } from '../../helpers/processes.js';

const WORKER = path.resolve(import.meta.dirname, '../../fixtures/workers/scripted-worker.mjs');
const options = (overrides: Partial<LaunchOptions> = {}): LaunchOptions => ({
  command: nodeWorkerCommand(WORKER),
  totalTimeoutMs: 10_000,
  stageTimeoutMs: 10_000,
  graceMs: 300,
  log: pino({ level: 'silent' }),
  ...overrides,
});
const job = (script: string) => ({ runtime_module: 'none', device: script, compiler_type: null, benchmark: null });

describe('launchWorker with workers that really crash and hang', () => {
  afterEach(() => {
    vi.useRealTimers();
  });

  it('an abort in compile is a compile_crash at compile with SIGABRT and the Level Zero signature', async () => {
    const run = await launchWorker(job('abort-in-compile'), options());
    expect(run.signal).toBe('SIGABRT');
    const { canary } = classifyRun(run, null);
    expect(canary).toMatchObject({ result: 'compile_crash', stage: 'compile', signal: 'SIGABRT', exit_code: null });
    expect(canary.signature).toBe('ZE_RESULT_ERROR_UNKNOWN 0x7ffffffe assert(__p != nullptr)');
    expect(canary.stderr_tail).toContain('ZE_RESULT_ERROR_UNKNOWN');
    expect(canary.stage_seconds).toEqual({ load_runtime: 0.01, discover: 0.01 });
  });

  it('a segfault in inference is an infer_crash', async () => {
    const { canary } = classifyRun(await launchWorker(job('segfault-in-infer'), options()), null);
    expect(canary).toMatchObject({ result: 'infer_crash', stage: 'infer', signal: 'SIGSEGV' });
  });

  it('a stage that hangs and ignores SIGTERM is killed after the grace period: timeout at that stage', async () => {
    const run = await launchWorker(job('hang-in-compile'), options({ stageTimeoutMs: 500 }));
    expect(run.ended).toEqual({ reason: 'stage_timeout', stage: 'compile' });
    expect(run.signal).toBe('SIGKILL');
    expect(run.unkillable).toBe(false);
    const { canary } = classifyRun(run, null);
    expect(canary).toMatchObject({ result: 'timeout', stage: 'compile', signature: null });
    expect(canary.message).toBe('worker timed out (stage limit) and was killed by SIGKILL during compile');
  });

  it('the total timeout ends the whole process group, grandchildren included', async () => {
    // The launcher's clock is held until the worker is in compile (it starts its grandchild first), then moved
    // past the 700 ms total limit: the limit runs out at that point however long a loaded machine took to start
    // the worker. The processes, signals and exits stay real.
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
    let group: SeenProcess[] = [];
    let entered!: () => void;
    const inCompile = new Promise<void>((resolve) => (entered = resolve));
    const onStage = (stage: string, edge: 'start' | 'end') => {
      if (stage !== 'compile' || edge !== 'start') return;
      // This test's worker and everything in its process group, as they are now.
      const worker = descendantsOf(process.pid).find((child) => runs(child.argv, [WORKER]));
      group = worker ? descendantsOf(process.pid).filter((child) => child.pgid === worker.pgid) : [];
      entered();
    };
    const pending = launchWorker(job('hang-with-child'), options({ totalTimeoutMs: 700, onStage }));
    await inCompile;
    vi.advanceTimersByTime(700);
    vi.useRealTimers();
    const run = await pending;
    expect(run.ended).toEqual({ reason: 'total_timeout', stage: 'compile' });
    expect(group.filter((child) => runs(child.argv, [WORKER]) || runs(child.argv, ['sleep', '41.5']))).toHaveLength(2);
    // The grandchild got the group's SIGTERM with the worker; it may take a moment to die.
    await eventually(async () => leftOver(group).length === 0, "the worker's process group to be empty");
  });

  it('daemon shutdown stops a running worker: skipped, not a failure of the device', async () => {
    const stop = new AbortController();
    // Shut down while the worker hangs in compile.
    const onStage = (stage: string, edge: 'start' | 'end') => stage === 'compile' && edge === 'start' && stop.abort();
    const run = await launchWorker(job('hang-in-compile'), options({ signal: stop.signal, onStage }));
    expect(run.ended?.reason).toBe('shutdown');
    expect(classifyRun(run, null).canary.result).toBe('skipped');
  });

  it('a shutdown that came before the worker started still ends it at once, not at its timeouts', async () => {
    const stop = new AbortController();
    stop.abort();
    const run = await launchWorker(job('hang-in-compile'), options({ signal: stop.signal, stageTimeoutMs: 60_000, totalTimeoutMs: 60_000 }));
    expect(run.ended?.reason).toBe('shutdown');
    expect(classifyRun(run, null).canary.result).toBe('skipped');
  });

  it('while stopping, a device canary starts no worker at all', async () => {
    const stop = new AbortController();
    stop.abort();
    const config = parseConfig('', 'defaults');
    const { outcome } = await runDeviceCanary('hang-in-compile', null, { config, log: pino({ level: 'silent' }), workerPath: WORKER, runtime: DEFAULT_NODE_RUNTIME, benchmark: false, signal: stop.signal });
    expect(outcome.canary).toMatchObject({ result: 'skipped', message: 'npu-watch is stopping; no new canary worker started' });
    expect(descendantsOf(process.pid).filter((child) => runs(child.argv, [WORKER]))).toEqual([]);
  });

  it('a protocol line that is not a worker message is named, and no verdict is invented', async () => {
    const run = await launchWorker(job('garbage-protocol'), options());
    expect(run.invalidLines).toEqual(['not JSON: "oneDNN verbose: something printed on the wrong descriptor"']);
    const { canary } = classifyRun(run, null);
    expect(canary.result).toBe('compile_crash');
    expect(canary.message).toContain('exited with code 0 without a verdict');
    expect(canary.message).toContain('unexpected worker output: not JSON');
  });

  it("what the runtime prints on stdout is native text, kept, and never taken for the worker's protocol", async () => {
    const run = await launchWorker(job('garbage-stdout'), options());
    expect(run.invalidLines).toEqual([]);
    const { canary } = classifyRun(run, null);
    expect(canary.stdout_tail).toBe('oneDNN verbose: something the runtime printed\n');
    expect(canary.message).toBe('worker exited with code 0 without a verdict before starting a stage');
  });

  it("the NPU plugin's coloured log lines on stdout are counted as compiler warnings, and the protocol is untouched", async () => {
    const run = await launchWorker(job('npu-log-on-stdout'), options());
    expect(run.invalidLines).toEqual([]);
    const { canary } = classifyRun(run, null);
    expect(canary).toMatchObject({ result: 'ok', compiler_warnings: 1 });
    expect(Object.keys(canary.stage_seconds)).toEqual(['load_runtime', 'discover', 'compile', 'infer', 'verify']);
    expect(canary.stdout_tail).toMatch(/^\[WARNING\] \d\d:\d\d:\d\d\.\d+ \[serializeConfig\] optimization-level property is not supported by this compiler version\. Removing from parameters\n$/);
  });

  it("a compile error the binding let escape (terminate, SIGABRT) is the runtime's compile_error, with what() as its message", async () => {
    const run = await launchWorker(job('uncaught-compile-error'), options());
    expect(run.signal).toBe('SIGABRT');
    const { canary } = classifyRun(run, null);
    expect(canary).toMatchObject({
      result: 'compile_error',
      stage: 'compile',
      signal: 'SIGABRT',
      message: 'Exception from src/plugins/intel_npu/src/compiler_adapter/src/ze_graph_ext_wrappers.cpp:362:\nL0 pfnCreate2 result: ZE_RESULT_ERROR_UNKNOWN, code 0x7ffffffe',
      signature: 'ZE_RESULT_ERROR_UNKNOWN 0x7ffffffe ze_graph_ext_wrappers.cpp:362',
    });
  });

  it('a worker that gave its verdict but does not exit is ended after the grace time: the verdict stands, nothing is left', async () => {
    const warnings: string[] = [];
    const log = pino({ level: 'warn' }, { write: (line: string) => void warnings.push(line) });
    let group: SeenProcess[] = [];
    // Once the verdict's last stage has ended, the worker (and the grandchild it started first) are in its group.
    const onStage = (stage: string, edge: 'start' | 'end') => {
      if (stage !== 'verify' || edge !== 'end') return;
      const worker = descendantsOf(process.pid).find((child) => runs(child.argv, [WORKER]));
      group = worker ? descendantsOf(process.pid).filter((child) => child.pgid === worker.pgid) : [];
    };
    const run = await launchWorker(job('verdict-then-hang'), options({ log, onStage, lingerMs: 300 }));
    expect(run.lingered).toBe(true);
    expect(run.ended).toBeNull();
    const { canary } = classifyRun(run, null);
    expect(canary).toMatchObject({ result: 'ok', stage: null });
    expect(warnings.join('')).toContain('gave all its results but had not exited');
    expect(group.filter((child) => runs(child.argv, [WORKER]) || runs(child.argv, ['sleep', '42.5']))).toHaveLength(2);
    await eventually(async () => leftOver(group).length === 0, "the lingering worker's process group to be empty");
  });

  it("a shutdown that outlasted its grace SIGKILLs the groups of the workers still running, and only theirs", async () => {
    let group: SeenProcess[] = [];
    let killed: number[] = [];
    const onStage = (stage: string, edge: 'start' | 'end') => {
      if (stage !== 'compile' || edge !== 'start') return;
      const worker = descendantsOf(process.pid).find((child) => runs(child.argv, [WORKER]));
      group = worker ? descendantsOf(process.pid).filter((child) => child.pgid === worker.pgid) : [];
      killed = killRunningWorkers();
    };
    const run = await launchWorker(job('hang-with-child'), options({ stageTimeoutMs: 60_000, totalTimeoutMs: 60_000, onStage }));
    expect(run.signal).toBe('SIGKILL');
    expect(killed).toEqual([group.find((child) => runs(child.argv, [WORKER]))!.pid]);
    await eventually(async () => leftOver(group).length === 0, "the killed worker's process group to be empty");
    expect(killRunningWorkers()).toEqual([]);
  });

  it("a crash during the benchmark keeps the canary's ok and blames the benchmark stage", async () => {
    const outcome = classifyRun(await launchWorker(job('crash-in-benchmark'), options()), null);
    expect(outcome.canary.result).toBe('ok');
    expect(outcome.benchmark_error).toEqual({ stage: 'benchmark_decode', message: 'worker was killed by SIGABRT during benchmark_decode' });
  });

  it('a worker that passes is ok with every stage timed', async () => {
    const { canary } = classifyRun(await launchWorker(job('ok'), options()), 'PLUGIN');
    expect(canary).toMatchObject({ result: 'ok', stage: null, signature: null, compiler: 'PLUGIN', exit_code: 0 });
    expect(Object.keys(canary.stage_seconds)).toEqual(['load_runtime', 'discover', 'compile', 'infer', 'verify']);
  });
});
