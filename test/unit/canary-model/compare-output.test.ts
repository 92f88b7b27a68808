import { describe, expect, it } from 'vitest';
import { canaryInput, canaryReference } from '../../../src/canary/model/canary-model.js';
import {
  CANARY_ABSOLUTE_TOLERANCE,
  CANARY_RELATIVE_TOLERANCE,
  compareWithReference,
  toleranceFor,
} from '../../../src/canary/model/compare-output.js';
import { evaluateCanaryNetwork } from './canary-network.js';
import { roundToFloat16 } from './float16.js';

const reference = canaryReference(canaryInput());
const largest = Math.max(...reference.map(Math.abs));

describe('toleranceFor', () => {
  it('is atol 0.02 plus rtol 0.01 of the largest |expected|', () => {
    expect(CANARY_ABSOLUTE_TOLERANCE).toBe(0.02);
    expect(CANARY_RELATIVE_TOLERANCE).toBe(0.01);
    expect(toleranceFor(Float32Array.from([0.5, -3, 1]))).toBeCloseTo(0.05, 12);
    expect(toleranceFor(reference)).toBeCloseTo(0.02 + 0.01 * largest, 12);
  });
});

describe('compareWithReference accepts what a correct FP16 device computes', () => {
  it('the reference itself, as a Float32Array or a plain array', () => {
    expect(compareWithReference(reference, reference)).toEqual({ ok: true, maxAbsError: 0, tolerance: toleranceFor(reference), reason: null });
    expect(compareWithReference([...reference], reference).ok).toBe(true);
  });

  it('the reference rounded through FP16', () => {
    const result = compareWithReference(reference.map(roundToFloat16), reference);
    expect(result.ok).toBe(true);
    expect(result.reason).toBeNull();
  });

  it('the network evaluated in FP16 arithmetic, in either accumulation order', () => {
    for (const reverseAccumulation of [false, true]) {
      const fp16 = evaluateCanaryNetwork(canaryInput(), { round: roundToFloat16, reverseAccumulation });
      expect(compareWithReference(fp16, reference).ok).toBe(true);
    }
  });

  it('errors of several FP16 steps on every element, rounded through FP16', () => {
    const fp16Step = 2 ** (Math.floor(Math.log2(largest)) - 10);
    const noisy = reference.map((value, i) => roundToFloat16(value + (i % 2 === 0 ? 8 : -8) * fp16Step));
    const result = compareWithReference(noisy, reference);
    expect(result.maxAbsError).toBeGreaterThan(0);
    expect(result.ok).toBe(true);
  });

  it('an error just under the tolerance, but not just over it', () => {
    const tolerance = toleranceFor(reference);
    const under = Float64Array.from(reference);
    under[5] = (under[5] as number) + tolerance * 0.999;
    expect(compareWithReference(under, reference).ok).toBe(true);
    const over = Float64Array.from(reference);
    over[5] = (over[5] as number) - tolerance * 1.001;
    expect(compareWithReference(over, reference).ok).toBe(false);
  });
});

describe('compareWithReference rejects wrong numbers', () => {
  it('one element off by 0.5, naming that element', () => {
    const actual = Float32Array.from(reference);
    actual[3] = (actual[3] as number) + 0.5;
    const result = compareWithReference(actual, reference);
    expect(result.ok).toBe(false);
    expect(result.maxAbsError).toBeCloseTo(0.5, 5);
    expect(result.reason).toMatch(/^output\[3\] is .*, expected .*: \|error\| 0\.5 exceeds the tolerance 0\.03\d*$/);
  });

  it('all zeros, naming the largest expected element', () => {
    const worst = reference.findIndex((value) => Math.abs(value) === largest);
    const result = compareWithReference(new Float32Array(reference.length), reference);
    expect(result.ok).toBe(false);
    expect(result.maxAbsError).toBe(largest);
    expect(result.reason).toContain(`output[${worst}] is 0`);
  });

  it('an output of the wrong length', () => {
    for (const length of [0, reference.length - 1, reference.length + 1]) {
      const result = compareWithReference(new Float32Array(length), reference);
      expect(result.ok).toBe(false);
      expect(result.maxAbsError).toBe(Infinity);
      expect(result.reason).toBe(`output has ${length} values, expected ${reference.length}`);
    }
  });

  it('NaN or Infinity anywhere, naming the element', () => {
    for (const bad of [NaN, Infinity, -Infinity]) {
      const actual = Float32Array.from(reference);
      actual[2] = bad;
      const result = compareWithReference(actual, reference);
      expect(result.ok).toBe(false);
      expect(result.maxAbsError).toBe(Infinity);
      expect(result.reason).toMatch(new RegExp(`^output\\[2\\] is ${String(bad).replace('-', '\\-')}, expected `));
    }
  });

  it('any two elements swapped', () => {
    for (let i = 0; i < reference.length; i++) {
      for (let j = i + 1; j < reference.length; j++) {
        const swapped = Float32Array.from(reference);
        swapped[i] = reference[j] as number;
        swapped[j] = reference[i] as number;
        expect(compareWithReference(swapped, reference).ok, `swap ${i} and ${j}`).toBe(false);
      }
    }
  });

  it('the network computed wrongly: no Relu, a bias lost, or a zeroed input', () => {
    const wrong = [
      evaluateCanaryNetwork(canaryInput(), { relu: false }),
      evaluateCanaryNetwork(canaryInput(), { bias1: false }),
      evaluateCanaryNetwork(canaryInput(), { bias2: false }),
      evaluateCanaryNetwork(new Float32Array(16)),
    ];
    for (const actual of wrong) expect(compareWithReference(actual, reference).ok).toBe(false);
  });

  it('an empty reference', () => {
    expect(compareWithReference([], new Float32Array(0))).toMatchObject({ ok: false, reason: 'the reference output is empty' });
  });
});
