// The canary model: x[1,16] → MatMul W1[16,32] → Add b1 → Relu → MatMul W2[32,8] → Add b2 → y[1,8],
// serialized as ONNX (OpenVINO's core.readModel reads it directly), with its fixed input and a
// reference output computed in plain JS from the same weight formulas, never by running a model.
import {
  CANARY_HIDDEN_SIZE,
  CANARY_INPUT_SIZE,
  CANARY_OUTPUT_SIZE,
  canaryBias1,
  canaryBias2,
  canaryInputValue,
  canaryWeight1,
  canaryWeight2,
  matrixFromFormula,
  vectorFromFormula,
} from './canary-weights.js';
import { encodeOnnxModel } from './onnx-model.js';

// IR version 8 (ONNX 1.10+) and opset 13: old enough for every OpenVINO and onnxruntime in use.
const IR_VERSION = 8;
const OPSET_VERSION = 13;

// Name of the model's input tensor.
export const CANARY_INPUT_NAME = 'x';
// Name of the model's output tensor.
export const CANARY_OUTPUT_NAME = 'y';
// Static shape of the input tensor.
export const CANARY_INPUT_SHAPE: readonly number[] = Object.freeze([1, CANARY_INPUT_SIZE]);
// Static shape of the output tensor.
export const CANARY_OUTPUT_SHAPE: readonly number[] = Object.freeze([1, CANARY_OUTPUT_SIZE]);

// The canary network as ONNX ModelProto bytes; the same bytes on every call.
export function canaryOnnxModel(): Uint8Array {
  return encodeOnnxModel({
    irVersion: IR_VERSION,
    opsetVersion: OPSET_VERSION,
    producerName: 'npu-watch',
    graphName: 'npu_watch_canary',
    nodes: [
      { name: 'matmul1', opType: 'MatMul', inputs: [CANARY_INPUT_NAME, 'W1'], outputs: ['h_matmul'] },
      { name: 'add1', opType: 'Add', inputs: ['h_matmul', 'b1'], outputs: ['h_pre'] },
      { name: 'relu', opType: 'Relu', inputs: ['h_pre'], outputs: ['h'] },
      { name: 'matmul2', opType: 'MatMul', inputs: ['h', 'W2'], outputs: ['y_matmul'] },
      { name: 'add2', opType: 'Add', inputs: ['y_matmul', 'b2'], outputs: [CANARY_OUTPUT_NAME] },
    ],
    initializers: [
      { name: 'W1', dims: [CANARY_INPUT_SIZE, CANARY_HIDDEN_SIZE], data: matrixFromFormula(CANARY_INPUT_SIZE, CANARY_HIDDEN_SIZE, canaryWeight1) },
      { name: 'b1', dims: [CANARY_HIDDEN_SIZE], data: vectorFromFormula(CANARY_HIDDEN_SIZE, canaryBias1) },
      { name: 'W2', dims: [CANARY_HIDDEN_SIZE, CANARY_OUTPUT_SIZE], data: matrixFromFormula(CANARY_HIDDEN_SIZE, CANARY_OUTPUT_SIZE, canaryWeight2) },
      { name: 'b2', dims: [CANARY_OUTPUT_SIZE], data: vectorFromFormula(CANARY_OUTPUT_SIZE, canaryBias2) },
    ],
    inputs: [{ name: CANARY_INPUT_NAME, shape: CANARY_INPUT_SHAPE }],
    outputs: [{ name: CANARY_OUTPUT_NAME, shape: CANARY_OUTPUT_SHAPE }],
  });
}

// The fixed input fed to the canary (a fresh copy each call).
export function canaryInput(): Float32Array {
  return vectorFromFormula(CANARY_INPUT_SIZE, canaryInputValue);
}

// The expected output for input, computed in float64 straight from the weight formulas.
export function canaryReference(input: Float32Array): Float32Array {
  if (input.length !== CANARY_INPUT_SIZE) {
    throw new RangeError(`canary input needs ${CANARY_INPUT_SIZE} values, got ${input.length}`);
  }
  const hidden = canaryHiddenPreActivation(input).map((value) => Math.max(0, value));
  const output = new Float32Array(CANARY_OUTPUT_SIZE);
  for (let col = 0; col < CANARY_OUTPUT_SIZE; col++) {
    let sum = canaryBias2(col);
    for (let row = 0; row < CANARY_HIDDEN_SIZE; row++) sum += (hidden[row] as number) * canaryWeight2(row, col);
    output[col] = sum;
  }
  return output;
}

// The hidden layer before Relu (x·W1 + b1) for input, in float64.
export function canaryHiddenPreActivation(input: Float32Array): number[] {
  const hidden: number[] = [];
  for (let col = 0; col < CANARY_HIDDEN_SIZE; col++) {
    let sum = canaryBias1(col);
    for (let row = 0; row < CANARY_INPUT_SIZE; row++) sum += (input[row] as number) * canaryWeight1(row, col);
    hidden.push(sum);
  }
  return hidden;
}
