// Benchmark statistics: decode-only throughput, medians, sample stddev, and the token-agreement definition.
import { describe, expect, it } from 'vitest';
import { median, sampleStddev, summarizeDecodeRuns, tokenAgreement } from '../../../src/canary/llm/benchmark-stats.js';
import type { DecodeRun } from '../../../src/canary/types.js';

const run = (generated: number, ttft: number, decode: number): DecodeRun => ({
  tokens: Array.from({ length: generated }, (_, i) => i),
  ttft_seconds: ttft,
  decode_seconds: decode,
});

describe('median and sampleStddev', () => {
  it('takes the middle of an odd count and the mean of the two middles of an even count', () => {
    expect(median([3, 1, 2])).toBe(2);
    expect(median([4, 1, 3, 2])).toBe(2.5);
    expect(median([7])).toBe(7);
  });

  it('does not reorder its input', () => {
    const values = [3, 1, 2];
    median(values);
    expect(values).toEqual([3, 1, 2]);
  });

  it('uses n - 1, and gives 0 for one value', () => {
    expect(sampleStddev([5])).toBe(0);
    expect(sampleStddev([2, 4, 4, 4, 5, 5, 7, 9])).toBeCloseTo(Math.sqrt(32 / 7), 12);
  });

  it('refuses empty lists', () => {
    expect(() => median([])).toThrow(RangeError);
    expect(() => sampleStddev([])).toThrow(RangeError);
  });
});

describe('summarizeDecodeRuns', () => {
  it('counts throughput over tokens 2..N only', () => {
    // 11 tokens: 10 decoded in 0.5 s = 20 tok/s; the first token's time is TTFT's, not the decode's.
    const summary = summarizeDecodeRuns([run(11, 0.4, 0.5)]);
    expect(summary).toEqual({
      tokens_per_second: 20,
      tokens_per_second_stddev: 0,
      ttft_seconds: 0.4,
      tpot_seconds: 0.05,
      generated_tokens: 11,
    });
  });

  it('takes medians over an odd number of runs', () => {
    // 10, 20, 40 tok/s; TTFTs 0.3, 0.1, 0.2.
    const summary = summarizeDecodeRuns([run(11, 0.3, 1), run(11, 0.1, 0.5), run(11, 0.2, 0.25)]);
    expect(summary.tokens_per_second).toBe(20);
    expect(summary.ttft_seconds).toBe(0.2);
    expect(summary.tpot_seconds).toBe(0.05);
    expect(summary.tokens_per_second_stddev).toBeCloseTo(Math.sqrt(((10 - 70 / 3) ** 2 + (20 - 70 / 3) ** 2 + (40 - 70 / 3) ** 2) / 2), 9);
  });

  it('takes medians over an even number of runs', () => {
    // 10 and 20 tok/s → 15; TPOT 0.1 and 0.05 → 0.075; stddev of {10, 20} = sqrt(50).
    const summary = summarizeDecodeRuns([run(11, 0.2, 1), run(11, 0.4, 0.5)]);
    expect(summary.tokens_per_second).toBe(15);
    expect(summary.tpot_seconds).toBeCloseTo(0.075, 12);
    expect(summary.ttft_seconds).toBeCloseTo(0.3, 12);
    expect(summary.tokens_per_second_stddev).toBeCloseTo(Math.sqrt(50), 12);
  });

  it('reports the smallest generated count if runs differ', () => {
    expect(summarizeDecodeRuns([run(11, 0.1, 1), run(9, 0.1, 1)]).generated_tokens).toBe(9);
  });

  it('refuses no runs, runs of one token and non-positive decode times', () => {
    expect(() => summarizeDecodeRuns([])).toThrow(RangeError);
    expect(() => summarizeDecodeRuns([run(1, 0.1, 0)])).toThrow(/at least 2/);
    expect(() => summarizeDecodeRuns([run(5, 0.1, 0)])).toThrow(/decode time/);
    expect(() => summarizeDecodeRuns([run(5, 0.1, NaN)])).toThrow(/decode time/);
  });
});

describe('tokenAgreement', () => {
  it('is 1 for identical sequences and 0 when the first token differs', () => {
    expect(tokenAgreement([1, 2, 3, 4], [1, 2, 3, 4])).toBe(1);
    expect(tokenAgreement([1, 2, 3, 4], [9, 2, 3, 4])).toBe(0);
  });

  it('counts everything after the first divergence as disagreement, even tokens that match again', () => {
    expect(tokenAgreement([1, 2, 3, 4], [1, 2, 9, 4])).toBe(0.5);
  });

  it('counts positions a shorter candidate lacks as disagreement', () => {
    expect(tokenAgreement([1, 2, 3, 4], [1, 2])).toBe(0.5);
    expect(tokenAgreement([1, 2, 3, 4], [])).toBe(0);
  });

  it("ignores a longer candidate's extra tokens", () => {
    expect(tokenAgreement([1, 2], [1, 2, 3, 4])).toBe(1);
  });

  it('refuses an empty reference', () => {
    expect(() => tokenAgreement([], [1])).toThrow(RangeError);
  });
});
