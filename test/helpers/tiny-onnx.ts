// A tiny ONNX model written byte by byte for the fake runtime's tests (independent of the project's canary
// model): y = Relu(x + b) · W with x [1,4], b [4], W [4,3], y [1,3], opset 13. The values are chosen so
// that FP16 rounding changes the outputs. tinyReference computes y in float64 from the same numbers.

export const TINY_INPUT_NAME = 'x';
export const TINY_OUTPUT_NAME = 'y';
export const TINY_INPUT_SHAPE = [1, 4];
export const TINY_OUTPUT_SHAPE = [1, 3];
export const TINY_INPUT = [0.7, 0.1, -0.9, 1.3];
const BIAS = [0.1, -0.2, 0.3, 0.05];
// Row-major [4, 3].
const WEIGHTS = [1 / 3, -0.125, 0.77, 0.6, 1 / 7, -0.31, -0.45, 0.9, 0.123, 0.2, -0.05, 1.01];

// Plain float64 arithmetic on the float32 values the model holds.
export function tinyReference(input: readonly number[] = TINY_INPUT): number[] {
  const f = Math.fround;
  const hidden = input.map((value, i) => Math.max(0, f(value) + f(BIAS[i] as number)));
  return [0, 1, 2].map((col) => hidden.reduce((sum, h, row) => sum + h * f(WEIGHTS[row * 3 + col] as number), 0));
}

// ---- protobuf encoding ----

function varint(value: number): number[] {
  const bytes: number[] = [];
  let rest = value;
  while (rest >= 0x80) {
    bytes.push((rest % 0x80) | 0x80);
    rest = Math.floor(rest / 0x80);
  }
  bytes.push(rest);
  return bytes;
}

const key = (field: number, wire: number) => varint(field * 8 + wire);
const int = (field: number, value: number) => [...key(field, 0), ...varint(value)];
const bytes = (field: number, payload: number[]) => [...key(field, 2), ...varint(payload.length), ...payload];
const text = (field: number, value: string) => bytes(field, [...Buffer.from(value, 'utf8')]);

function floats(values: readonly number[]): number[] {
  const buffer = Buffer.alloc(values.length * 4);
  values.forEach((value, i) => buffer.writeFloatLE(value, i * 4));
  return [...buffer];
}

// TensorProto: dims (1), data_type (2, FLOAT = 1), name (8), raw_data (9).
function initializer(name: string, dims: number[], values: readonly number[]): number[] {
  return [...dims.flatMap((dim) => int(1, dim)), ...int(2, 1), ...text(8, name), ...bytes(9, floats(values))];
}

// ValueInfoProto: name (1), type (2) → TypeProto.tensor_type (1) → elem_type (1), shape (2) → dim (1) → dim_value (1).
function valueInfo(name: string, shape: number[]): number[] {
  const shapeProto = shape.flatMap((dim) => bytes(1, int(1, dim)));
  return [...text(1, name), ...bytes(2, bytes(1, [...int(1, 1), ...bytes(2, shapeProto)]))];
}

// NodeProto: input (1), output (2), name (3), op_type (4).
function node(name: string, opType: string, inputs: string[], outputs: string[]): number[] {
  return [...inputs.flatMap((input) => text(1, input)), ...outputs.flatMap((output) => text(2, output)), ...text(3, name), ...text(4, opType)];
}

// ModelProto: ir_version (1), producer_name (2), graph (7), opset_import (8) → domain (1), version (2).
export function tinyOnnxModel(): Uint8Array {
  const graph = [
    ...bytes(1, node('add', 'Add', [TINY_INPUT_NAME, 'b'], ['h_pre'])),
    ...bytes(1, node('relu', 'Relu', ['h_pre'], ['h'])),
    ...bytes(1, node('matmul', 'MatMul', ['h', 'W'], [TINY_OUTPUT_NAME])),
    ...text(2, 'fake_openvino_tiny'),
    ...bytes(5, initializer('b', [4], BIAS)),
    ...bytes(5, initializer('W', [4, 3], WEIGHTS)),
    ...bytes(11, valueInfo(TINY_INPUT_NAME, TINY_INPUT_SHAPE)),
    ...bytes(12, valueInfo(TINY_OUTPUT_NAME, TINY_OUTPUT_SHAPE)),
  ];
  return Uint8Array.from([...int(1, 8), ...text(2, 'npu-watch-tests'), ...bytes(7, graph), ...bytes(8, [...text(1, ''), ...int(2, 13)])]);
}

// x rounded to IEEE half precision (ties to even): what an FP16 device returns for an exact x.
export function float16(x: number): number {
  if (!Number.isFinite(x) || x === 0) return x;
  const magnitude = Math.abs(x);
  if (magnitude >= 65520) return Math.sign(x) * Infinity;
  // Frexp-style exponent without log2's rounding trouble.
  let exponent = 0;
  while (2 ** (exponent + 1) <= magnitude) exponent++;
  while (2 ** exponent > magnitude) exponent--;
  const step = 2 ** (Math.max(exponent, -14) - 10);
  const scaled = magnitude / step;
  const floor = Math.floor(scaled);
  const rest = scaled - floor;
  const rounded = rest > 0.5 || (rest === 0.5 && floor % 2 === 1) ? floor + 1 : floor;
  return Math.sign(x) * rounded * step;
}
