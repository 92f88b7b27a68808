// The benchmark's figures from its greedy-decode repetitions, and the CPU-vs-NPU token agreement.
import type { BenchmarkReport, DecodeRun, WorkerBenchmark } from '../types.js';

// The BenchmarkReport figures summarizeDecodeRuns computes.
export interface DecodeSummary {
  tokens_per_second: number;
  tokens_per_second_stddev: number;
  ttft_seconds: number;
  tpot_seconds: number;
  generated_tokens: number;
}

// Middle value of a non-empty list (mean of the two middle values for an even count).
export function median(values: readonly number[]): number {
  if (values.length === 0) throw new RangeError('median of an empty list');
  const sorted = [...values].sort((a, b) => a - b);
  const middle = sorted.length >> 1;
  return sorted.length % 2 === 1
    ? (sorted[middle] as number)
    : ((sorted[middle - 1] as number) + (sorted[middle] as number)) / 2;
}

// Sample standard deviation (n - 1 in the denominator); 0 for a single value.
export function sampleStddev(values: readonly number[]): number {
  if (values.length === 0) throw new RangeError('standard deviation of an empty list');
  if (values.length === 1) return 0;
  const mean = values.reduce((sum, value) => sum + value, 0) / values.length;
  const squares = values.reduce((sum, value) => sum + (value - mean) ** 2, 0);
  return Math.sqrt(squares / (values.length - 1));
}

// Medians over repetitions. Throughput is decode-only, per run (generated - 1) / decode_seconds: the first
// token belongs to TTFT. That is OpenVINO GenAI's "throughput" (1 / TPOT, TPOT over the tokens after the
// first) and llama-bench's tg (single-token generation steps, prompt processing excluded). TPOT per run is
// decode_seconds / (generated - 1). Every run needs at least 2 tokens and a positive decode time.
export function summarizeDecodeRuns(runs: readonly DecodeRun[]): DecodeSummary {
  if (runs.length === 0) throw new RangeError('no decode runs to summarize');
  const rates: number[] = [];
  const tpots: number[] = [];
  runs.forEach((run, index) => {
    const decoded = run.tokens.length - 1;
    if (decoded < 1) throw new RangeError(`run ${index + 1} generated ${run.tokens.length} token(s); decode throughput needs at least 2`);
    if (!(run.decode_seconds > 0)) throw new RangeError(`run ${index + 1} has a decode time of ${run.decode_seconds} s`);
    rates.push(decoded / run.decode_seconds);
    tpots.push(run.decode_seconds / decoded);
  });
  return {
    tokens_per_second: median(rates),
    tokens_per_second_stddev: sampleStddev(rates),
    ttft_seconds: median(runs.map((run) => run.ttft_seconds)),
    tpot_seconds: median(tpots),
    // Every repetition asks for the same count; should they differ, the smallest is reported.
    generated_tokens: Math.min(...runs.map((run) => run.tokens.length)),
  };
}

// The report of a worker's benchmark: its measurements with the figures summarizeDecodeRuns computes from its runs
// (which throws a RangeError for runs that cannot give a throughput), and the first repetition's tokens.
export function benchmarkReport(measured: WorkerBenchmark): BenchmarkReport {
  const { runs, ...rest } = measured;
  return { ...rest, ...summarizeDecodeRuns(runs), repetitions: runs.length, tokens: runs[0]?.tokens ?? [] };
}

// Agreement of a candidate's greedy tokens (e.g. NPU) with a reference's (e.g. CPU) for the same prompt:
// the length of their common prefix divided by the reference's length. Greedy decoding feeds its own
// output back, so after the first differing token the two continuations are conditioned on different
// text and every later position counts as disagreement, even where tokens happen to match again. A
// candidate shorter than the reference disagrees on the positions it lacks; tokens past the reference's
// length are ignored. 1 = identical, 0 = the first token already differs. The reference must not be empty.
export function tokenAgreement(reference: readonly number[], candidate: readonly number[]): number {
  if (reference.length === 0) throw new RangeError('token agreement needs a non-empty reference');
  const limit = Math.min(reference.length, candidate.length);
  let common = 0;
  while (common < limit && reference[common] === candidate[common]) common++;
  return common / reference.length;
}
