// npu-watch's real Python worker through the real launcher, against the fake `openvino` Python package: the same
// stages, results, RuntimeInfo and classification as the Node worker, and crashes and hangs that leave nothing behind.
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import fs from 'node:fs';
import path from 'node:path';
import pino from 'pino';
import { describe, expect, it } from 'vitest';
import { writeCanaryFiles } from '../../../src/canary/canary-files.js';
import { classifyRun } from '../../../src/canary/classify-run.js';
import { compilerRun } from '../../../src/canary/device-canary.js';
import { launchWorker, nodeWorkerCommand } from '../../../src/canary/launcher.js';
import { pythonWorkerScript } from '../../../src/canary/python-worker.js';
import type { WorkerJob } from '../../../src/canary/types.js';
import { workerPath } from '../../../src/canary/worker-path.js';
import { SEED_EXCEPTION_MESSAGE } from '../../fixtures/fake-openvino/messages.mjs';
import { eventually } from '../../helpers/cli.js';
import { descendantsOf, leftOver, runs, type SeenProcess } from '../../helpers/processes.js';
import { DEBIAN_PYTHON, FAKE_OPENVINO_PYTHON, fakeOpenvinoVenv, runPythonWorker, tempDir } from '../../helpers/python-worker.js';

const NODE_FAKE = path.resolve(import.meta.dirname, '../../fixtures/fake-openvino/index.mjs');
const FAKE_BUILD = '2025.1.0-18503-npu-watch-fake';

// The Node worker with the Node fake on the same scenario, for comparison.
async function runNodeWorker(device: string, scenario: Record<string, unknown>) {
  const work = tempDir('npu-watch-nodeworker-');
  try {
    const scenarioFile = path.join(work.dir, 'scenario.json');
    fs.writeFileSync(scenarioFile, JSON.stringify(scenario));
    const job: WorkerJob = { runtime_module: NODE_FAKE, device, compiler_type: null, benchmark: null, work_dir: work.dir, canary: writeCanaryFiles(work.dir) };
    const run = await launchWorker(job, {
      command: nodeWorkerCommand(workerPath()),
      totalTimeoutMs: 120_000,
      stageTimeoutMs: 60_000,
      graceMs: 300,
      log: pino({ level: 'silent' }),
      env: { NPU_WATCH_FAKE_SCENARIO: scenarioFile },
    });
    return classifyRun(run, null);
  } finally {
    work.cleanup();
  }
}

describe('the Python worker on a working runtime', () => {
  it('CPU passes, with the runtime described: the imported openvino package, its build number, fake', async () => {
    const { outcome } = await runPythonWorker('CPU');
    expect(outcome.canary).toMatchObject({ result: 'ok', stage: null, message: null, signal: null, exit_code: 0 });
    expect(Object.keys(outcome.canary.stage_seconds)).toEqual(['load_runtime', 'discover', 'compile', 'infer', 'verify']);
    expect(outcome.canary.runtime).toMatchObject({
      module: path.join(FAKE_OPENVINO_PYTHON, 'openvino'),
      fake: true,
      openvino_version: FAKE_BUILD,
      available_devices: ['CPU', 'GPU', 'NPU'],
      device_versions: { CPU: FAKE_BUILD },
    });
    expect(outcome.canary.max_abs_error).toBeLessThanOrEqual(outcome.canary.tolerance!);
  });

  it('NPU passes and describes the device exactly as the Node worker does (besides the module)', async () => {
    const [python, node] = await Promise.all([runPythonWorker('NPU'), runNodeWorker('NPU', { scenario: 'working' })]);
    expect(python.outcome.canary.result).toBe('ok');
    expect(node.canary.result).toBe('ok');
    expect({ ...python.outcome.canary.runtime, module: null }).toEqual({ ...node.canary.runtime, module: null });
    expect(python.outcome.canary.runtime?.npu_compiler_used).toBe('DRIVER');
  });

  it('forcing the plugin compiler uses the name the release knows: MLIR before 2026.0, PLUGIN since', async () => {
    const old = await runPythonWorker('NPU', { compiler: 'PLUGIN' });
    expect(old.outcome.canary).toMatchObject({ result: 'ok', compiler: 'PLUGIN' });
    expect(old.outcome.canary.runtime?.npu_compiler_used).toBe('MLIR');
    const current = await runPythonWorker('NPU', { compiler: 'PLUGIN', scenario: { scenario: 'working', openvino_version: '2026.1.0' } });
    expect(current.outcome.canary.runtime).toMatchObject({
      openvino_version: '2026.1.0-18503-npu-watch-fake',
      npu_compiler_used: 'PLUGIN',
      properties: { NPU_COMPILER_TYPE: 'PREFER_PLUGIN' },
    });
  });

  it('a scenario.json inside the installed package overrides the environment (two installs, two behaviours)', async () => {
    const site = tempDir('npu-watch-pysite-');
    try {
      fs.cpSync(path.join(FAKE_OPENVINO_PYTHON, 'openvino'), path.join(site.dir, 'openvino'), { recursive: true });
      fs.writeFileSync(path.join(site.dir, 'openvino/scenario.json'), JSON.stringify({ scenario: 'ze-error', openvino_version: '2025.2.0' }));
      const { outcome } = await runPythonWorker('NPU', { pythonPath: site.dir, scenario: { scenario: 'working' } });
      expect(outcome.canary).toMatchObject({ result: 'compile_error', stage: 'compile', message: SEED_EXCEPTION_MESSAGE });
      expect(outcome.canary.runtime?.openvino_version).toBe('2025.2.0-18503-npu-watch-fake');
    } finally {
      site.cleanup();
    }
  });
});

describe('Python runtimes in virtual environments', () => {
  it('each venv is named by its interpreter and tested with its own openvino: two versions, two verdicts', async () => {
    const dir = tempDir('npu-watch-venvs-');
    try {
      const seed = fakeOpenvinoVenv(path.join(dir.dir, 'ov-2025.1'), { scenario: 'fedora43', openvino_version: '2025.1.0' });
      const fixed = fakeOpenvinoVenv(path.join(dir.dir, 'ov-2026.1'), { scenario: 'working', openvino_version: '2026.1.0' });
      const [broken, working] = await Promise.all([
        runPythonWorker('NPU', { interpreter: seed.interpreter, pythonPath: null }),
        runPythonWorker('NPU', { interpreter: fixed.interpreter, pythonPath: null }),
      ]);
      expect(broken.outcome.canary).toMatchObject({ result: 'compile_crash', signal: 'SIGABRT' });
      expect(broken.outcome.canary.runtime).toMatchObject({ module: seed.openvino, openvino_version: '2025.1.0-18503-npu-watch-fake' });
      expect(working.outcome.canary).toMatchObject({ result: 'ok' });
      expect(working.outcome.canary.runtime).toMatchObject({ module: fixed.openvino, openvino_version: '2026.1.0-18503-npu-watch-fake', npu_compiler_used: 'PLUGIN' });
    } finally {
      dir.cleanup();
    }
  });
});

describe("the Python worker on the seed's failures", () => {
  it("the seed's compile crash is a compile_crash with the Level Zero signature, classified as the Node worker's", async () => {
    const [python, node] = await Promise.all([runPythonWorker('NPU', { scenario: { scenario: 'fedora43' } }), runNodeWorker('NPU', { scenario: 'fedora43' })]);
    const fields = (canary: typeof node.canary) => ({ result: canary.result, stage: canary.stage, signal: canary.signal, signature: canary.signature });
    expect(fields(python.outcome.canary)).toEqual({ result: 'compile_crash', stage: 'compile', signal: 'SIGABRT', signature: 'ZE_RESULT_ERROR_UNKNOWN 0x7ffffffe ze_graph_ext_wrappers.cpp:362 assert(__p != nullptr)' });
    expect(fields(python.outcome.canary)).toEqual(fields(node.canary));
    expect(python.outcome.canary.stderr_tail).toContain('L0 pfnCreate2 result: ZE_RESULT_ERROR_UNKNOWN, code 0x7ffffffe');
  });

  it('the seed with the plugin compiler forced: a compile error (no compiler library), not a crash and not "unsupported"', async () => {
    const { outcome } = await runPythonWorker('NPU', { compiler: 'PLUGIN', scenario: { scenario: 'fedora43' } });
    const run = compilerRun(outcome.canary);
    expect(run).toMatchObject({ result: 'compile_error', stage: 'compile', signal: null });
    expect(run.message).toContain('libopenvino_intel_npu_compiler.so');
  });

  it("the seed's exception raised by compile_model is a compile_error with its text (the Python binding raises; it does not terminate)", async () => {
    const { outcome } = await runPythonWorker('NPU', { scenario: { scenario: 'ze-error' } });
    expect(outcome.canary).toMatchObject({ result: 'compile_error', stage: 'compile', message: SEED_EXCEPTION_MESSAGE, exit_code: 0 });
    expect(outcome.canary.signature).toBe('ZE_RESULT_ERROR_UNKNOWN 0x7ffffffe ze_graph_ext_wrappers.cpp:362');
  });

  it('wrong numbers are wrong_output at verify, naming the worst element and the tolerance', async () => {
    const { outcome } = await runPythonWorker('NPU', { scenario: { scenario: 'wrong-output' } });
    expect(outcome.canary).toMatchObject({ result: 'wrong_output', stage: 'verify' });
    expect(outcome.canary.message).toMatch(/^output\[\d\] is -?[\d.]+, expected -?[\d.]+: \|error\| 0\.5 exceeds the tolerance 0\.03148$/);
    expect(outcome.canary.max_abs_error).toBeCloseTo(0.5, 3);
  });

  it('an NPU OpenVINO does not list is device_missing, naming what it lists', async () => {
    const { outcome } = await runPythonWorker('NPU', { scenario: { scenario: 'device-missing' } });
    expect(outcome.canary).toMatchObject({ result: 'device_missing', stage: 'discover', message: 'OpenVINO does not list NPU (it lists: CPU, GPU)' });
  });
});

describe('a Python worker that crashes or hangs leaves no process behind', () => {
  // The worker and everything in its process group, seen when it entered compile.
  const watchCompile = () => {
    let group: SeenProcess[] = [];
    const onStage = (stage: string, edge: 'start' | 'end') => {
      if (stage !== 'compile' || edge !== 'start') return;
      const worker = descendantsOf(process.pid).find((child) => runs(child.argv, [pythonWorkerScript()]));
      group = worker ? descendantsOf(process.pid).filter((child) => child.pgid === worker.pgid) : [];
    };
    return { onStage, group: () => group };
  };

  it('a segfault in compile is a compile_crash by SIGSEGV', async () => {
    const watch = watchCompile();
    const { outcome } = await runPythonWorker('NPU', { scenario: { scenario: 'segfault' }, launch: { onStage: watch.onStage } });
    expect(outcome.canary).toMatchObject({ result: 'compile_crash', stage: 'compile', signal: 'SIGSEGV' });
    expect(watch.group()).toHaveLength(1);
    expect(leftOver(watch.group())).toEqual([]);
  });

  it('a compile that hangs ignoring SIGTERM is killed at the stage limit: timeout at compile, its group gone', async () => {
    const watch = watchCompile();
    const { run, outcome } = await runPythonWorker('NPU', { scenario: { scenario: 'hang' }, launch: { onStage: watch.onStage, stageTimeoutMs: 1_000 } });
    expect(run.ended).toEqual({ reason: 'stage_timeout', stage: 'compile' });
    expect(outcome.canary).toMatchObject({ result: 'timeout', stage: 'compile', signal: 'SIGKILL' });
    expect(watch.group()).toHaveLength(1);
    expect(leftOver(watch.group())).toEqual([]);
  });
});

describe('a Python worker whose parent dies', () => {
  it('ends its own process group once its parent is gone (kill -9 of the daemon)', async () => {
    const dir = tempDir('npu-watch-pyorphan-');
    let worker = 0;
    try {
      const hung = path.join(dir.dir, 'hung');
      const scenarioFile = path.join(dir.dir, 'scenario.json');
      fs.writeFileSync(scenarioFile, JSON.stringify({ scenario: 'hang', hung_file: hung }));
      const job: WorkerJob = { runtime_module: DEBIAN_PYTHON, device: 'NPU', compiler_type: null, benchmark: null, work_dir: dir.dir, canary: writeCanaryFiles(dir.dir) };
      // A stand-in daemon: starts the worker as the launcher does (detached, job on stdin, fd 3 a pipe), prints its
      // pid, and stays until killed.
      const parentSource = `
        const { spawn } = require('node:child_process');
        const [python, script, job] = process.argv.slice(1);
        const child = spawn(python, [script], { detached: true, stdio: ['pipe', 'ignore', 'ignore', 'pipe'] });
        child.stdio[3].resume();
        child.stdin.end(job);
        console.log(child.pid);
        setInterval(() => {}, 1000);`;
      const parent = spawn(process.execPath, ['-e', parentSource, DEBIAN_PYTHON, pythonWorkerScript(), JSON.stringify(job)], {
        stdio: ['ignore', 'pipe', 'inherit'],
        env: { ...process.env, PYTHONPATH: FAKE_OPENVINO_PYTHON, NPU_WATCH_FAKE_SCENARIO: scenarioFile },
      });
      const [line] = (await once(parent.stdout!, 'data')) as [Buffer];
      worker = Number(line.toString().trim());
      // The sentinel: the worker is inside the hanging compile, ignoring SIGTERM.
      await eventually(async () => fs.existsSync(hung), 'the worker to hang in compile');
      parent.kill('SIGKILL');
      await eventually(async () => !groupAlive(worker), "the orphaned worker's process group to end");
    } finally {
      // Should the watch fail, the test does not leave its worker hanging.
      if (worker > 0 && groupAlive(worker)) process.kill(-worker, 'SIGKILL');
      dir.cleanup();
    }
  });
});

// Whether the process group led by pgid still has a member (kill(2) with signal 0 on -pgid).
function groupAlive(pgid: number): boolean {
  try {
    process.kill(-pgid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}
