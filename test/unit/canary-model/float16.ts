// Test helper: rounds a number to the nearest IEEE 754 half-precision value (ties to even), as an FP16 device stores it.

const HALF_MAX = 65504;
const HALF_MIN_NORMAL_EXPONENT = -14;
const HALF_MANTISSA_BITS = 10;

// value rounded to FP16 and widened back; ±Infinity beyond the FP16 range, NaN stays NaN.
export function roundToFloat16(value: number): number {
  if (value === 0 || !Number.isFinite(value)) return value;
  const magnitude = Math.abs(value);
  let exponent = Math.max(Math.floor(Math.log2(magnitude)), HALF_MIN_NORMAL_EXPONENT);
  if (exponent > HALF_MIN_NORMAL_EXPONENT && magnitude < 2 ** exponent) exponent--;
  if (magnitude >= 2 ** (exponent + 1)) exponent++;
  const step = 2 ** (exponent - HALF_MANTISSA_BITS);
  const rounded = roundHalfToEven(magnitude / step) * step;
  return Math.sign(value) * (rounded > HALF_MAX ? Infinity : rounded);
}

function roundHalfToEven(x: number): number {
  const floor = Math.floor(x);
  const fraction = x - floor;
  if (fraction > 0.5) return floor + 1;
  if (fraction < 0.5) return floor;
  return floor % 2 === 0 ? floor : floor + 1;
}
