// Compares a device's canary output with the JS reference, with a tolerance fit for FP16 devices.
//
// NPU and GPU compute in FP16 by default (11-bit significand, relative step 2^-11 ≈ 4.9e-4). The canary's
// weights, input and intermediate sums are exact in FP16 (FP16 arithmetic reproduces the reference bit for
// bit in forward and reverse accumulation order; other orders are off by at most a few FP16 steps, ~1e-3).
// The tolerance, atol 0.02 + rtol 0.01 · max|expected| (≈ 0.031 for the canary, whose outputs reach 1.15),
// leaves a >10× margin for that and for FP16 conversions a plugin may add, yet stays well below the errors
// of a wrong computation: a lost bias, two swapped elements, a dropped Relu or a zeroed input move some
// output by 0.13 to 0.9 (the tests check each).

// Absolute part of the tolerance.
export const CANARY_ABSOLUTE_TOLERANCE = 0.02;
// Relative part of the tolerance, scaled by the largest |expected| value.
export const CANARY_RELATIVE_TOLERANCE = 0.01;

// The verdict on one output: maxAbsError is Infinity when the output is not comparable (length, NaN, ±Infinity).
export interface OutputComparison {
  ok: boolean;
  maxAbsError: number;
  tolerance: number;
  reason: string | null;
}

// The tolerance an output compared with expected is held to.
export function toleranceFor(expected: Float32Array): number {
  let scale = 0;
  for (const value of expected) scale = Math.max(scale, Math.abs(value));
  return CANARY_ABSOLUTE_TOLERANCE + CANARY_RELATIVE_TOLERANCE * scale;
}

// Whether actual matches expected element by element within toleranceFor(expected); reason names the worst element.
export function compareWithReference(actual: ArrayLike<number>, expected: Float32Array): OutputComparison {
  const tolerance = toleranceFor(expected);
  const notComparable = (reason: string): OutputComparison => ({ ok: false, maxAbsError: Infinity, tolerance, reason });
  if (expected.length === 0) return notComparable('the reference output is empty');
  if (actual.length !== expected.length) {
    return notComparable(`output has ${actual.length} values, expected ${expected.length}`);
  }
  let maxAbsError = 0;
  let worst = 0;
  for (let i = 0; i < expected.length; i++) {
    const value = actual[i] as number;
    if (!Number.isFinite(value)) return notComparable(`output[${i}] is ${value}, expected ${expected[i]}`);
    const error = Math.abs(value - (expected[i] as number));
    if (error > maxAbsError) {
      maxAbsError = error;
      worst = i;
    }
  }
  if (maxAbsError <= tolerance) return { ok: true, maxAbsError, tolerance, reason: null };
  const reason =
    `output[${worst}] is ${actual[worst]}, expected ${expected[worst]}: ` +
    `|error| ${round(maxAbsError)} exceeds the tolerance ${round(tolerance)}`;
  return { ok: false, maxAbsError, tolerance, reason };
}

function round(value: number): number {
  return Number(value.toPrecision(4));
}
