// Runs npu-watch's real Python worker through the real launcher against the fake `openvino` Python package
// (test/fixtures/fake-openvino-python). The interpreter is Debian's /usr/bin/python3: the only one here with numpy
// and onnx (python3-numpy, python3-onnx, installed by .ci/run), which the fake needs to compute the canary for real.
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pino from 'pino';
import { writeCanaryFiles } from '../../src/canary/canary-files.js';
import { launchWorker, type LaunchOptions, type WorkerRun } from '../../src/canary/launcher.js';
import type { WorkerOutcome } from '../../src/canary/outcome.js';
import { classifyPythonRun, pythonWorkerCommand } from '../../src/canary/python-worker.js';
import type { BenchmarkJob, NpuCompilerType, WorkerJob } from '../../src/canary/types.js';

export const DEBIAN_PYTHON = '/usr/bin/python3';
export const FAKE_OPENVINO_PYTHON = path.resolve(import.meta.dirname, '../fixtures/fake-openvino-python');

export interface PythonRunOptions {
  scenario?: Record<string, unknown>;
  compiler?: NpuCompilerType | null;
  benchmark?: BenchmarkJob | null;
  interpreter?: string;
  // The worker's PYTHONPATH (default: the fake package's directory; null: none, as for a virtual environment).
  pythonPath?: string | null;
  env?: Record<string, string>;
  launch?: Partial<LaunchOptions>;
}

// A temporary directory removed by the returned cleanup.
export function tempDir(prefix: string): { dir: string; cleanup: () => void } {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), prefix));
  return { dir, cleanup: () => fs.rmSync(dir, { recursive: true, force: true }) };
}

// A virtual environment made with Debian's python3 (--system-site-packages, so numpy and onnx import; no pip),
// with the fake openvino package copied into its site-packages and, when given, a scenario.json inside it. Returns
// its interpreter and that package's directory.
export function fakeOpenvinoVenv(dir: string, scenario?: Record<string, unknown>): { interpreter: string; openvino: string } {
  execFileSync(DEBIAN_PYTHON, ['-m', 'venv', '--system-site-packages', '--without-pip', dir]);
  const interpreter = path.join(dir, 'bin/python3');
  const site = execFileSync(interpreter, ['-c', "import sysconfig; print(sysconfig.get_paths()['purelib'])"], { encoding: 'utf8' }).trim();
  const openvino = path.join(site, 'openvino');
  fs.cpSync(path.join(FAKE_OPENVINO_PYTHON, 'openvino'), openvino, { recursive: true });
  if (scenario) fs.writeFileSync(path.join(openvino, 'scenario.json'), JSON.stringify(scenario));
  return { interpreter, openvino };
}

// One Python worker run on device, classified as the daemon classifies it.
export async function runPythonWorker(device: string, options: PythonRunOptions = {}): Promise<{ run: WorkerRun; outcome: WorkerOutcome }> {
  const work = tempDir('npu-watch-pyworker-');
  try {
    const scenarioFile = path.join(work.dir, 'scenario.json');
    fs.writeFileSync(scenarioFile, JSON.stringify(options.scenario ?? { scenario: 'working' }));
    const workDir = path.join(work.dir, 'work');
    fs.mkdirSync(workDir);
    const compiler = options.compiler ?? null;
    const interpreter = options.interpreter ?? DEBIAN_PYTHON;
    const job: WorkerJob = { runtime_module: interpreter, device, compiler_type: compiler, benchmark: options.benchmark ?? null, work_dir: workDir, canary: writeCanaryFiles(workDir) };
    const run = await launchWorker(job, {
      command: pythonWorkerCommand(interpreter),
      totalTimeoutMs: 120_000,
      stageTimeoutMs: 60_000,
      graceMs: 300,
      log: pino({ level: 'silent' }),
      env: {
        ...(options.pythonPath === null ? {} : { PYTHONPATH: options.pythonPath ?? FAKE_OPENVINO_PYTHON }),
        NPU_WATCH_FAKE_SCENARIO: scenarioFile,
        PYTHONDONTWRITEBYTECODE: '1',
        ...options.env,
      },
      ...options.launch,
    });
    return { run, outcome: classifyPythonRun(run, compiler, interpreter) };
  } finally {
    work.cleanup();
  }
}
