// The canary network's weights, each a closed formula of its indices (no RNG, no stored data).
// Every value is a small multiple of a power of two, so it is exact in FP16 and the products and
// sums of the network stay exact (or within one FP16 step) on a device that computes in FP16:
//   x  multiples of 1/4 in [-1.25, 1.25]   W1 multiples of 1/32 in [-0.25, 0.25]   b1 multiples of 1/64
//   W2 multiples of 1/8 in [-0.5, 0.5]     b2 multiples of 1/8 in [-0.375, 0.375]
// Hidden pre-activations are multiples of 1/128 with |partial sums| <= 1.75; 17 of the 32 are negative.

// Width of the input vector x.
export const CANARY_INPUT_SIZE = 16;
// Width of the hidden (Relu) layer.
export const CANARY_HIDDEN_SIZE = 32;
// Width of the output vector y.
export const CANARY_OUTPUT_SIZE = 8;

// Element i of the fixed canary input.
export function canaryInputValue(i: number): number {
  return (((5 * i + 2) % 11) - 5) / 4;
}

// W1[row][col], shape [CANARY_INPUT_SIZE, CANARY_HIDDEN_SIZE].
export function canaryWeight1(row: number, col: number): number {
  return (((7 * row + 3 * col + 1) % 17) - 8) / 32;
}

// b1[col], length CANARY_HIDDEN_SIZE.
export function canaryBias1(col: number): number {
  return (((5 * col + 4) % 13) - 6) / 64;
}

// W2[row][col], shape [CANARY_HIDDEN_SIZE, CANARY_OUTPUT_SIZE].
export function canaryWeight2(row: number, col: number): number {
  return (((3 * row + 5 * col + 2) % 9) - 4) / 8;
}

// b2[col], length CANARY_OUTPUT_SIZE.
export function canaryBias2(col: number): number {
  return (((3 * col + 1) % 7) - 3) / 8;
}

// A row-major float32 matrix [rows, cols] filled from a formula.
export function matrixFromFormula(rows: number, cols: number, formula: (row: number, col: number) => number): Float32Array {
  const out = new Float32Array(rows * cols);
  for (let row = 0; row < rows; row++) {
    for (let col = 0; col < cols; col++) out[row * cols + col] = formula(row, col);
  }
  return out;
}

// A float32 vector of length size filled from a formula.
export function vectorFromFormula(size: number, formula: (i: number) => number): Float32Array {
  return Float32Array.from({ length: size }, (_, i) => formula(i));
}
