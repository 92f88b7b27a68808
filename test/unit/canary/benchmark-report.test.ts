// The benchmark's figures are computed once, on the daemon's side, from the repetitions a worker (Node or Python)
// measured: the worker sends its DecodeRuns, classifyRun summarises them (llm/benchmark-stats.ts).
import { describe, expect, it } from 'vitest';
import { classifyRun } from '../../../src/canary/classify-run.js';
import type { WorkerRun } from '../../../src/canary/launcher.js';
import type { WorkerBenchmark, WorkerMessage } from '../../../src/canary/types.js';

const measured = (runs: WorkerBenchmark['runs']): WorkerBenchmark => ({
  model: 'qwen2.5-0.5b',
  prompt_tokens: 4,
  load_seconds: 0.5,
  compile_seconds: 2,
  compile_cache: 'cold',
  npu_compiler_used: null,
  runs,
});
const workerRun = (benchmark: WorkerBenchmark): WorkerRun => {
  const messages: WorkerMessage[] = [
    { type: 'verdict', verdict: { runtime: null, result: 'ok', stage: null, message: null, max_abs_error: 0, tolerance: 0.03 } },
    { type: 'stage_start', stage: 'benchmark_decode' },
    { type: 'stage_end', stage: 'benchmark_decode', seconds: 1 },
    { type: 'benchmark', benchmark },
  ];
  return { messages, invalidLines: [], exitCode: 0, signal: null, ended: null, lingered: false, unkillable: false, startError: null, stdoutTail: '', stderrTail: '', compilerWarnings: 0, durationSeconds: 3 };
};

describe("the benchmark's figures from the worker's repetitions", () => {
  it('medians of decode-only throughput, TTFT and TPOT, the first repetition\'s tokens', () => {
    const { benchmark, benchmark_error } = classifyRun(
      workerRun(measured([
        { tokens: [5, 6, 7, 8, 9], ttft_seconds: 0.2, decode_seconds: 0.4 },
        { tokens: [5, 6, 7, 8, 9], ttft_seconds: 0.3, decode_seconds: 0.2 },
        { tokens: [5, 6, 7, 8, 9], ttft_seconds: 0.25, decode_seconds: 0.1 },
      ])),
      null,
    );
    expect(benchmark_error).toBeNull();
    expect(benchmark).toMatchObject({
      model: 'qwen2.5-0.5b',
      repetitions: 3,
      generated_tokens: 5,
      tokens_per_second: 20,
      ttft_seconds: 0.25,
      tpot_seconds: 0.05,
      compile_cache: 'cold',
      tokens: [5, 6, 7, 8, 9],
    });
    expect(benchmark!.tokens_per_second_stddev).toBeCloseTo(15.275, 3);
    expect(benchmark).not.toHaveProperty('runs');
  });

  it('repetitions that cannot give a throughput are a benchmark_error at benchmark_decode, not figures', () => {
    const { benchmark, benchmark_error } = classifyRun(workerRun(measured([{ tokens: [5], ttft_seconds: 0.2, decode_seconds: 0 }])), null);
    expect(benchmark).toBeNull();
    expect(benchmark_error).toEqual({ stage: 'benchmark_decode', message: 'run 1 generated 1 token(s); decode throughput needs at least 2' });
  });
});
