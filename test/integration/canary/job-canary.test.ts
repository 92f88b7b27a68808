// The launching side writes the canary model and its reference into the worker's work dir (canary-files.ts), and
// both workers, Node and Python, compile that file and verify against those numbers: a reference changed in the job
// changes the verdict of each.
import fs from 'node:fs';
import path from 'node:path';
import pino from 'pino';
import { describe, expect, it } from 'vitest';
import { writeCanaryFiles } from '../../../src/canary/canary-files.js';
import { classifyRun } from '../../../src/canary/classify-run.js';
import { launchWorker, nodeWorkerCommand, type WorkerCommand } from '../../../src/canary/launcher.js';
import { pythonWorkerCommand } from '../../../src/canary/python-worker.js';
import type { WorkerJob } from '../../../src/canary/types.js';
import { workerPath } from '../../../src/canary/worker-path.js';
import { DEBIAN_PYTHON, FAKE_OPENVINO_PYTHON, tempDir } from '../../helpers/python-worker.js';

const NODE_FAKE = path.resolve(import.meta.dirname, '../../fixtures/fake-openvino/index.mjs');
const workers: [string, () => WorkerCommand, string][] = [
  ['Node', () => nodeWorkerCommand(workerPath()), NODE_FAKE],
  ['Python', () => pythonWorkerCommand(DEBIAN_PYTHON), DEBIAN_PYTHON],
];

async function verdictWith(command: WorkerCommand, module: string, edit: (job: WorkerJob) => void) {
  const work = tempDir('npu-watch-jobcanary-');
  try {
    const job: WorkerJob = { runtime_module: module, device: 'CPU', compiler_type: null, benchmark: null, work_dir: work.dir, canary: writeCanaryFiles(work.dir) };
    edit(job);
    const run = await launchWorker(job, {
      command,
      totalTimeoutMs: 120_000,
      stageTimeoutMs: 60_000,
      graceMs: 300,
      log: pino({ level: 'silent' }),
      env: { PYTHONPATH: FAKE_OPENVINO_PYTHON },
    });
    return classifyRun(run, null).canary;
  } finally {
    work.cleanup();
  }
}

describe.each(workers)('the %s worker runs the canary the job describes', (_name, command, module) => {
  it('passes with the reference as written', async () => {
    expect((await verdictWith(command(), module, () => {})).result).toBe('ok');
  });

  it('fails with wrong_output when the job holds another reference', async () => {
    const canary = await verdictWith(command(), module, (job) => {
      job.canary!.reference[3] = (job.canary!.reference[3] as number) + 0.25;
    });
    expect(canary).toMatchObject({ result: 'wrong_output', stage: 'verify' });
    expect(canary.message).toMatch(/^output\[3\] is /);
  });

  it('compiles the file the job names: a missing one is a compile_error naming it', async () => {
    const canary = await verdictWith(command(), module, (job) => {
      fs.rmSync(job.canary!.model_path);
    });
    expect(canary.result).toBe('compile_error');
    expect(canary.message).toContain('canary.onnx');
  });
});
