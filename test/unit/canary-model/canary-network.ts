// Test helper: the canary network evaluated from its weight formulas with switchable faults and an
// optional rounding after every operation (to imitate an FP16 device), independent of canaryReference.
import {
  CANARY_HIDDEN_SIZE,
  CANARY_INPUT_SIZE,
  CANARY_OUTPUT_SIZE,
  canaryBias1,
  canaryBias2,
  canaryWeight1,
  canaryWeight2,
} from '../../../src/canary/model/canary-weights.js';

// What to get wrong, and how to round each intermediate value.
export interface NetworkVariant {
  relu?: boolean;
  bias1?: boolean;
  bias2?: boolean;
  reverseAccumulation?: boolean;
  round?: (value: number) => number;
}

// y for input under variant (default: the correct network in float64, forward accumulation).
export function evaluateCanaryNetwork(input: Float32Array, variant: NetworkVariant = {}): Float32Array {
  const round = variant.round ?? ((value: number) => value);
  const order = (size: number): number[] => {
    const indices = Array.from({ length: size }, (_, i) => i);
    return variant.reverseAccumulation ? indices.reverse() : indices;
  };
  const hidden = Array.from({ length: CANARY_HIDDEN_SIZE }, (_, col) => {
    let sum = 0;
    for (const row of order(CANARY_INPUT_SIZE)) sum = round(sum + round(round(input[row] as number) * canaryWeight1(row, col)));
    if (variant.bias1 !== false) sum = round(sum + canaryBias1(col));
    return variant.relu === false ? sum : Math.max(0, sum);
  });
  return Float32Array.from({ length: CANARY_OUTPUT_SIZE }, (_, col) => {
    let sum = 0;
    for (const row of order(CANARY_HIDDEN_SIZE)) sum = round(sum + round((hidden[row] as number) * canaryWeight2(row, col)));
    return variant.bias2 !== false ? round(sum + canaryBias2(col)) : sum;
  });
}
