import { describe, expect, it } from 'vitest';
import {
  CANARY_INPUT_SHAPE,
  CANARY_OUTPUT_SHAPE,
  canaryHiddenPreActivation,
  canaryInput,
  canaryReference,
} from '../../../src/canary/model/canary-model.js';
import {
  CANARY_HIDDEN_SIZE,
  CANARY_INPUT_SIZE,
  CANARY_OUTPUT_SIZE,
  canaryBias1,
  canaryBias2,
  canaryWeight1,
  canaryWeight2,
} from '../../../src/canary/model/canary-weights.js';
import { toleranceFor } from '../../../src/canary/model/compare-output.js';
import { evaluateCanaryNetwork } from './canary-network.js';
import { roundToFloat16 } from './float16.js';

const maxDifference = (a: Float32Array, b: Float32Array): number => Math.max(...a.map((value, i) => Math.abs(value - (b[i] as number))));

function allValues(): number[] {
  const values = [...canaryInput()];
  for (let row = 0; row < CANARY_INPUT_SIZE; row++) {
    for (let col = 0; col < CANARY_HIDDEN_SIZE; col++) values.push(canaryWeight1(row, col));
  }
  for (let col = 0; col < CANARY_HIDDEN_SIZE; col++) values.push(canaryBias1(col));
  for (let row = 0; row < CANARY_HIDDEN_SIZE; row++) {
    for (let col = 0; col < CANARY_OUTPUT_SIZE; col++) values.push(canaryWeight2(row, col));
  }
  for (let col = 0; col < CANARY_OUTPUT_SIZE; col++) values.push(canaryBias2(col));
  return values;
}

describe('canary reference', () => {
  const reference = canaryReference(canaryInput());

  it('has the declared shapes', () => {
    expect(CANARY_INPUT_SHAPE).toEqual([1, 16]);
    expect(CANARY_OUTPUT_SHAPE).toEqual([1, 8]);
    expect(canaryInput()).toHaveLength(16);
    expect(reference).toHaveLength(8);
  });

  it('is non-trivial: large against the tolerance, signed, and with well separated values', () => {
    const tolerance = toleranceFor(reference);
    expect(Math.max(...reference.map(Math.abs))).toBeGreaterThan(20 * tolerance);
    expect(reference.filter((value) => value > tolerance).length).toBeGreaterThanOrEqual(3);
    expect(reference.filter((value) => value < -tolerance).length).toBeGreaterThanOrEqual(3);
    const sorted = [...reference].sort((a, b) => a - b);
    for (let i = 1; i < sorted.length; i++) expect((sorted[i] as number) - (sorted[i - 1] as number)).toBeGreaterThan(2 * tolerance);
  });

  it('needs the Relu: many pre-activations are negative and dropping it changes the output beyond tolerance', () => {
    const preActivation = canaryHiddenPreActivation(canaryInput());
    expect(preActivation.filter((value) => value < 0).length).toBeGreaterThanOrEqual(8);
    expect(preActivation.filter((value) => value > 0).length).toBeGreaterThanOrEqual(8);
    expect(maxDifference(evaluateCanaryNetwork(canaryInput(), { relu: false }), reference)).toBeGreaterThan(5 * toleranceFor(reference));
  });

  it('depends on the input and on both biases', () => {
    const tolerance = toleranceFor(reference);
    expect(maxDifference(canaryReference(new Float32Array(16)), reference)).toBeGreaterThan(5 * tolerance);
    expect(maxDifference(canaryReference(canaryInput().reverse()), reference)).toBeGreaterThan(5 * tolerance);
    expect(maxDifference(evaluateCanaryNetwork(canaryInput(), { bias1: false }), reference)).toBeGreaterThan(3 * tolerance);
    expect(maxDifference(evaluateCanaryNetwork(canaryInput(), { bias2: false }), reference)).toBeGreaterThan(3 * tolerance);
  });

  it('matches an independent evaluation of the same formulas', () => {
    expect(maxDifference(evaluateCanaryNetwork(canaryInput()), reference)).toBe(0);
    expect(maxDifference(evaluateCanaryNetwork(canaryInput(), { reverseAccumulation: true }), reference)).toBe(0);
  });

  it('uses only multiples of 1/64 in [-2, 2], all exact in FP16', () => {
    for (const value of allValues()) {
      expect(Number.isInteger(value * 64), `${value}`).toBe(true);
      expect(Math.abs(value)).toBeLessThanOrEqual(2);
      expect(roundToFloat16(value)).toBe(value);
    }
    expect(new Set(allValues()).size).toBeGreaterThan(10);
  });

  it('is computed exactly by an FP16 device: the reference is FP16 and FP16 arithmetic reproduces it', () => {
    for (const value of reference) expect(roundToFloat16(value)).toBe(value);
    const fp16 = evaluateCanaryNetwork(canaryInput(), { round: roundToFloat16 });
    expect(maxDifference(fp16, reference)).toBe(0);
    const fp16Reversed = evaluateCanaryNetwork(canaryInput(), { round: roundToFloat16, reverseAccumulation: true });
    expect(maxDifference(fp16Reversed, reference)).toBeLessThanOrEqual(2 ** -9);
  });

  it('hands out a fresh input each time and refuses inputs of the wrong size', () => {
    const input = canaryInput();
    input.fill(0);
    expect(canaryInput()).not.toEqual(input);
    expect(() => canaryReference(new Float32Array(15))).toThrow(/16 values, got 15/);
  });
});
