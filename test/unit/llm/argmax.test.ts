// argmaxLastRow: the greedy choice over the last row of logits, with ties and NaN pinned down.
import { describe, expect, it } from 'vitest';
import { argmaxLastRow } from '../../../src/canary/llm/argmax.js';

const f32 = (...values: number[]): Float32Array => Float32Array.from(values);

describe('argmaxLastRow', () => {
  it('returns the index of the largest value of a single row', () => {
    expect(argmaxLastRow(f32(0.1, 3, -2, 2.9), 4)).toBe(1);
  });

  it('reads only the last row of a [1, seq, vocab] tensor', () => {
    // Row 0's maximum (index 0) is larger than anything in row 1, whose maximum is at index 2.
    expect(argmaxLastRow(f32(100, 0, 0, 1, 2, 3), 3)).toBe(2);
  });

  it('reads the last row of a subarray view in place', () => {
    const buffer = f32(9, 9, 9, 1, 5, 2, 7, 7, 7);
    expect(argmaxLastRow(buffer.subarray(0, 6), 3)).toBe(1);
  });

  it('gives ties to the lowest index', () => {
    expect(argmaxLastRow(f32(1, 4, 4, 4), 4)).toBe(1);
    expect(argmaxLastRow(f32(0, 0, 0), 3)).toBe(0);
  });

  it('never lets NaN win, wherever it stands', () => {
    expect(argmaxLastRow(f32(NaN, 1, 2), 3)).toBe(2);
    expect(argmaxLastRow(f32(1, NaN, 0), 3)).toBe(0);
    expect(argmaxLastRow(f32(NaN, NaN, -5), 3)).toBe(2);
  });

  it('returns -1 when the last row is all NaN', () => {
    expect(argmaxLastRow(f32(1, 2, NaN, NaN), 2)).toBe(-1);
  });

  it('handles infinities and a row of -Infinity', () => {
    expect(argmaxLastRow(f32(-Infinity, Infinity, 3), 3)).toBe(1);
    expect(argmaxLastRow(f32(-Infinity, -Infinity), 2)).toBe(0);
  });

  it('handles a vocabulary of one', () => {
    expect(argmaxLastRow(f32(5, -1), 1)).toBe(0);
  });

  it('agrees with a plain scan on seeded random rows full of ties, NaN and infinities', () => {
    // The plain definition: first index of the largest non-NaN value, -1 if there is none.
    const reference = (row: Float32Array): number => {
      let best = -1;
      row.forEach((value, index) => {
        if (!Number.isNaN(value) && (best < 0 || value > (row[best] as number))) best = index;
      });
      return best;
    };
    const specials = [NaN, Infinity, -Infinity, 0, -0, 3, 3, -3];
    let state = 12345;
    const random = (): number => {
      state = (Math.imul(state, 1664525) + 1013904223) >>> 0;
      return state / 2 ** 32;
    };
    for (let trial = 0; trial < 2000; trial++) {
      const vocab = 1 + Math.floor(random() * 13); // 1..13: every lane count and tail length
      const rows = 1 + Math.floor(random() * 3);
      const logits = Float32Array.from({ length: rows * vocab }, () =>
        random() < 0.5 ? (specials[Math.floor(random() * specials.length)] as number) : Math.round(random() * 4),
      );
      expect(argmaxLastRow(logits, vocab), `row ${Array.from(logits.subarray(-vocab)).join(',')}`).toBe(
        reference(logits.subarray(-vocab)),
      );
    }
  });

  it('rejects a length that is not whole rows, and a bad vocab', () => {
    expect(() => argmaxLastRow(f32(1, 2, 3), 2)).toThrow(RangeError);
    expect(() => argmaxLastRow(f32(1), 2)).toThrow(RangeError);
    expect(() => argmaxLastRow(f32(1, 2), 0)).toThrow(RangeError);
    expect(() => argmaxLastRow(f32(1, 2), 1.5)).toThrow(RangeError);
  });
});
