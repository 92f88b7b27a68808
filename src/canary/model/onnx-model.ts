// An ONNX ModelProto builder for small float32 graphs with static shapes.
// Field numbers are those of onnx/onnx.proto (proto2, stable across IR versions).
import { ProtobufWriter } from './protobuf-writer.js';

const MODEL = { irVersion: 1, producerName: 2, graph: 7, opsetImport: 8 } as const;
const OPSET_ID = { domain: 1, version: 2 } as const;
const GRAPH = { node: 1, name: 2, initializer: 5, input: 11, output: 12 } as const;
const NODE = { input: 1, output: 2, name: 3, opType: 4 } as const;
const TENSOR = { dims: 1, dataType: 2, floatData: 4, name: 8 } as const;
const VALUE_INFO = { name: 1, type: 2 } as const;
const TYPE = { tensorType: 1 } as const;
const TYPE_TENSOR = { elemType: 1, shape: 2 } as const;
const SHAPE = { dim: 1 } as const;
const DIMENSION = { dimValue: 1 } as const;

// TensorProto.DataType.FLOAT.
export const ONNX_FLOAT = 1;

// A constant float32 tensor stored in the graph (row-major data).
export interface OnnxInitializer {
  name: string;
  dims: readonly number[];
  data: Float32Array;
}

// One operator of the default (ai.onnx) domain.
export interface OnnxNode {
  name: string;
  opType: string;
  inputs: readonly string[];
  outputs: readonly string[];
}

// A float32 graph input or output with a fully static shape.
export interface OnnxTensorInfo {
  name: string;
  shape: readonly number[];
}

// Everything needed to write one single-graph ONNX model.
export interface OnnxModelSpec {
  irVersion: number;
  opsetVersion: number;
  producerName: string;
  graphName: string;
  nodes: readonly OnnxNode[];
  initializers: readonly OnnxInitializer[];
  inputs: readonly OnnxTensorInfo[];
  outputs: readonly OnnxTensorInfo[];
}

// The serialized ModelProto for spec; throws when an initializer's data does not match its dims.
export function encodeOnnxModel(spec: OnnxModelSpec): Uint8Array {
  const graph = new ProtobufWriter();
  for (const node of spec.nodes) graph.message(GRAPH.node, encodeNode(node));
  graph.string(GRAPH.name, spec.graphName);
  for (const tensor of spec.initializers) graph.message(GRAPH.initializer, encodeInitializer(tensor));
  for (const info of spec.inputs) graph.message(GRAPH.input, encodeTensorInfo(info));
  for (const info of spec.outputs) graph.message(GRAPH.output, encodeTensorInfo(info));

  const opset = new ProtobufWriter().string(OPSET_ID.domain, '').varint(OPSET_ID.version, spec.opsetVersion);
  return new ProtobufWriter()
    .varint(MODEL.irVersion, spec.irVersion)
    .string(MODEL.producerName, spec.producerName)
    .message(MODEL.graph, graph)
    .message(MODEL.opsetImport, opset)
    .finish();
}

function encodeNode(node: OnnxNode): ProtobufWriter {
  const out = new ProtobufWriter();
  for (const input of node.inputs) out.string(NODE.input, input);
  for (const output of node.outputs) out.string(NODE.output, output);
  return out.string(NODE.name, node.name).string(NODE.opType, node.opType);
}

function encodeInitializer(tensor: OnnxInitializer): ProtobufWriter {
  const elements = tensor.dims.reduce((product, dim) => product * dim, 1);
  if (elements !== tensor.data.length) {
    throw new Error(`initializer ${tensor.name}: dims [${tensor.dims.join(', ')}] need ${elements} values, got ${tensor.data.length}`);
  }
  const out = new ProtobufWriter();
  for (const dim of tensor.dims) out.varint(TENSOR.dims, dim);
  return out
    .varint(TENSOR.dataType, ONNX_FLOAT)
    .packedFloats(TENSOR.floatData, tensor.data)
    .string(TENSOR.name, tensor.name);
}

function encodeTensorInfo(info: OnnxTensorInfo): ProtobufWriter {
  const shape = new ProtobufWriter();
  for (const dim of info.shape) shape.message(SHAPE.dim, new ProtobufWriter().varint(DIMENSION.dimValue, dim));
  const tensorType = new ProtobufWriter().varint(TYPE_TENSOR.elemType, ONNX_FLOAT).message(TYPE_TENSOR.shape, shape);
  const type = new ProtobufWriter().message(TYPE.tensorType, tensorType);
  return new ProtobufWriter().string(VALUE_INFO.name, info.name).message(VALUE_INFO.type, type);
}
