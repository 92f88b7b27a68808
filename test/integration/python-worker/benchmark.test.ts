// The Python worker's LLM benchmark against the fake LLM (test/fixtures/fake-openvino/llm, which both fakes run):
// the same greedy tokens as the Node worker's for the same prompt, a cold then a cached compile with CACHE_DIR, and
// the NPU's garbage told apart by its tokens.
import fs from 'node:fs';
import path from 'node:path';
import pino from 'pino';
import { describe, expect, it } from 'vitest';
import { writeCanaryFiles } from '../../../src/canary/canary-files.js';
import { classifyRun } from '../../../src/canary/classify-run.js';
import { launchWorker, nodeWorkerCommand } from '../../../src/canary/launcher.js';
import { tokenAgreement } from '../../../src/canary/llm/benchmark-stats.js';
import type { BenchmarkJob, WorkerJob } from '../../../src/canary/types.js';
import { workerPath } from '../../../src/canary/worker-path.js';
import { runPythonWorker, tempDir } from '../../helpers/python-worker.js';

const LLM = path.resolve(import.meta.dirname, '../../fixtures/fake-openvino/llm/openvino_model.xml');
const NODE_FAKE = path.resolve(import.meta.dirname, '../../fixtures/fake-openvino/index.mjs');
const benchmark = (cacheDir: string | null = null): BenchmarkJob => ({
  model_path: LLM,
  prompt_token_ids: [151644, 872, 198, 9707],
  max_new_tokens: 6,
  repetitions: 2,
  cache_dir: cacheDir,
  compile_properties: {},
});

async function nodeTokens(device: string): Promise<number[]> {
  const work = tempDir('npu-watch-nodellm-');
  try {
    const job: WorkerJob = { runtime_module: NODE_FAKE, device, compiler_type: null, benchmark: benchmark(), work_dir: work.dir, canary: writeCanaryFiles(work.dir) };
    const run = await launchWorker(job, { command: nodeWorkerCommand(workerPath()), totalTimeoutMs: 120_000, stageTimeoutMs: 60_000, graceMs: 300, log: pino({ level: 'silent' }) });
    const outcome = classifyRun(run, null);
    if (!outcome.benchmark) throw new Error(`the Node worker gave no benchmark: ${JSON.stringify(outcome.benchmark_error)}`);
    return outcome.benchmark.tokens;
  } finally {
    work.cleanup();
  }
}

describe("the Python worker's LLM benchmark", () => {
  it('decodes the same greedy tokens as the Node worker, through all four benchmark stages', async () => {
    const [{ outcome }, expected] = await Promise.all([runPythonWorker('CPU', { benchmark: benchmark() }), nodeTokens('CPU')]);
    expect(outcome.benchmark_error).toBeNull();
    expect(Object.keys(outcome.canary.stage_seconds)).toEqual([
      'load_runtime', 'discover', 'compile', 'infer', 'verify', 'benchmark_load', 'benchmark_compile', 'benchmark_warmup', 'benchmark_decode',
    ]);
    expect(outcome.benchmark).toMatchObject({ model: 'llm', prompt_tokens: 4, generated_tokens: 6, repetitions: 2, compile_cache: 'cold', npu_compiler_used: null });
    expect(outcome.benchmark!.tokens).toEqual(expected);
    // The fake paces CPU decode steps at 50 tok/s: never faster.
    expect(outcome.benchmark!.tokens_per_second).toBeGreaterThan(0);
    expect(outcome.benchmark!.tokens_per_second).toBeLessThanOrEqual(50 * 1.001);
  });

  it('a second compile with the same CACHE_DIR is cached, as the compiled model says', async () => {
    const cache = tempDir('npu-watch-pycache-');
    try {
      const first = await runPythonWorker('CPU', { benchmark: benchmark(cache.dir) });
      const second = await runPythonWorker('CPU', { benchmark: benchmark(cache.dir) });
      expect(first.outcome.benchmark?.compile_cache).toBe('cold');
      expect(second.outcome.benchmark?.compile_cache).toBe('cached');
      expect(fs.readdirSync(cache.dir)).toHaveLength(1);
    } finally {
      cache.cleanup();
    }
  });

  it("garbage on the NPU: its tokens agree with none of the CPU's", async () => {
    const scenario = { scenario: 'garbage-tokens' };
    const [npu, cpu] = await Promise.all([runPythonWorker('NPU', { scenario, benchmark: benchmark() }), runPythonWorker('CPU', { scenario, benchmark: benchmark() })]);
    expect(npu.outcome.canary.result).toBe('ok');
    expect(npu.outcome.benchmark?.npu_compiler_used).toBe('DRIVER');
    expect(tokenAgreement(cpu.outcome.benchmark!.tokens, npu.outcome.benchmark!.tokens)).toBe(0);
  });

  it('a model without the LLM inputs is a benchmark_error at benchmark_load; the canary stands', async () => {
    const work = tempDir('npu-watch-notllm-');
    try {
      const notLlm = path.join(work.dir, 'canary.onnx');
      fs.writeFileSync(notLlm, fs.readFileSync(writeCanaryFiles(work.dir).model_path));
      const { outcome } = await runPythonWorker('CPU', { benchmark: { ...benchmark(), model_path: notLlm } });
      expect(outcome.canary.result).toBe('ok');
      expect(outcome.benchmark).toBeNull();
      expect(outcome.benchmark_error?.stage).toBe('benchmark_load');
      expect(outcome.benchmark_error?.message).toBe(
        'the model lacks the input(s) input_ids, attention_mask, position_ids, beam_idx that greedy decoding of a stateful LLM (optimum-intel export) needs; it has: x',
      );
    } finally {
      work.cleanup();
    }
  });
});

describe("a Python runtime's native output", () => {
  it("the NPU plugin's logger lines on stdout are kept and its compiler-version warnings counted", async () => {
    const { outcome } = await runPythonWorker('NPU', {
      scenario: { scenario: 'working', npu_compiler_version: '5.6' },
      benchmark: { ...benchmark(), compile_properties: { NPU_COMPILATION_MODE_PARAMS: 'optimization-level=2 performance-hint-override=latency' } },
    });
    expect(outcome.benchmark_error).toBeNull();
    // OV_NPU_LOG_LEVEL=LOG_WARNING, set by the launcher for an NPU job, lets the plugin's warnings through.
    expect(outcome.canary.stdout_tail).toMatch(/\[WARNING\] \d\d:\d\d:\d\d\.\d+ \[serializeConfig\] optimization-level property is not supported by this compiler version\. Removing from parameters/);
    expect(outcome.canary.compiler_warnings).toBe(2);
  });
});
