import { describe, expect, it } from 'vitest';
import { roundToFloat16 } from './float16.js';

describe('roundToFloat16 (test helper)', () => {
  it('keeps values FP16 represents exactly', () => {
    for (const value of [0, 1, -2, 0.5, 1.15625, 65504, 2 ** -14, 2 ** -24]) expect(roundToFloat16(value)).toBe(value);
  });

  it('rounds to the nearest FP16 value, ties to even', () => {
    expect(roundToFloat16(0.1)).toBe(0.0999755859375);
    expect(roundToFloat16(1 + 2 ** -11)).toBe(1);
    expect(roundToFloat16(1 + 3 * 2 ** -11)).toBe(1 + 2 ** -9);
    expect(roundToFloat16(-(1 + 2 ** -10 + 2 ** -12))).toBe(-(1 + 2 ** -10));
    expect(roundToFloat16(2047.7)).toBe(2048);
    expect(roundToFloat16(3000.3)).toBe(3000);
  });

  it('overflows to Infinity and keeps NaN', () => {
    expect(roundToFloat16(70000)).toBe(Infinity);
    expect(roundToFloat16(-70000)).toBe(-Infinity);
    expect(roundToFloat16(NaN)).toBeNaN();
  });
});
