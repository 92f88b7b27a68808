// Greedy decoding of a stateful OpenVINO IR LLM as optimum-intel exports it: inputs input_ids, attention_mask,
// position_ids (i64) and beam_idx (i32), output logits (f32 [1, seq, vocab]); the KV cache lives in the infer
// request's state, so one fresh infer request is one fresh conversation.
import type { Tensor } from 'openvino-node';
import type { DecodeRun } from '../types.js';
import { argmaxLastRow } from './argmax.js';

// The part of openvino-node's Tensor the loop uses (a real Tensor fits; tests pass a small fake).
export type DecodeTensor = Pick<Tensor, 'getData' | 'getShape' | 'setShape'>;

// The inputs the loop feeds, by name (optimum-intel's stateful export).
export const LLM_INPUT_NAMES = ['input_ids', 'attention_mask', 'position_ids', 'beam_idx'] as const;
type LlmInputName = (typeof LLM_INPUT_NAMES)[number];

// The part of openvino-node's InferRequest the loop uses; it must be fresh (empty KV cache state). Inputs are bound
// with setTensor(name, …) and inferAsync([]) runs on them: inferAsync binds what it is given by POSITION, object
// keys ignored (openvinotoolkit/openvino src/bindings/js/node/src/helper.cpp parse_input_data collects the values;
// infer_request.cpp's inference thread calls set_input_tensor(i, …) per index), so an object in our key order
// would feed position_ids into a model whose third input is beam_idx. It takes exactly one argument (infer_async:
// "InferAsync method takes as an argument an array or an object."), hence the empty array.
export interface DecodeRequest<T extends DecodeTensor = DecodeTensor> {
  setTensor(name: string, tensor: T): void;
  inferAsync(inputs: T[]): Promise<{ [outputName: string]: T }>;
}

// Throws naming every input greedy decoding needs that the model lacks (its inputs' names given).
export function requireLlmInputs(modelInputNames: readonly string[]): void {
  const missing = LLM_INPUT_NAMES.filter((name) => !modelInputNames.includes(name));
  if (missing.length > 0) {
    throw new Error(
      `the model lacks the input(s) ${missing.join(', ')} that greedy decoding of a stateful LLM (optimum-intel export) needs; ` +
        `it has: ${modelInputNames.join(', ') || 'none'}`,
    );
  }
}

// Wraps `new addon.Tensor(type, shape, data)`: the tensor must share `data`'s memory, as openvino-node's does.
export type MakeTensor<T extends DecodeTensor = DecodeTensor> = (
  type: 'i64' | 'i32',
  shape: number[],
  data: BigInt64Array | Int32Array,
) => T;

// One greedy generation of exactly maxNewTokens tokens (EOS does not stop it, as in llama-bench's tg):
// the prompt is prefilled in one call, then one token per call. ttft_seconds covers the prefill and the
// first argmax; decode_seconds covers tokens 2..N only. `now` is a monotonic clock in seconds.
export async function greedyDecode<T extends DecodeTensor>(
  request: DecodeRequest<T>,
  makeTensor: MakeTensor<T>,
  promptIds: number[],
  maxNewTokens: number,
  now: () => number,
): Promise<DecodeRun> {
  checkArguments(promptIds, maxNewTokens);
  const promptLength = promptIds.length;

  // Every tensor is made once and reused: the decode steps only rewrite two i64 values and shrink the mask's
  // shape. openvino-node's Tensor accepts only a TypedArray that starts at byteOffset 0 and spans its whole
  // ArrayBuffer, so a subarray view of a longer mask is refused; a Tensor wrapping the longest mask, whose
  // shape is set per step (OpenVINO lets a tensor over host memory shrink within its capacity), is not.
  // A Tensor shares its array's memory and keeps no reference to it (helper.cpp cast_to_tensor): `memory` holds
  // every array until the last inference has finished (released in the finally below).
  const memory = new Set<ArrayBufferView>();
  const tensor = (type: 'i64' | 'i32', shape: number[], data: BigInt64Array | Int32Array): T => {
    memory.add(data);
    return makeTensor(type, shape, data);
  };
  const bind = async (inputs: Record<LlmInputName, T>) => {
    for (const name of LLM_INPUT_NAMES) request.setTensor(name, inputs[name]);
    return request.inferAsync([]);
  };
  try {
    const longestContext = promptLength + maxNewTokens - 1; // the last generated token is never fed back
    const attentionMask = tensor('i64', [1, longestContext], new BigInt64Array(longestContext).fill(1n));
    const beamIdx = tensor('i32', [1], new Int32Array(1)); // batch of one: beam 0
    const stepIdData = new BigInt64Array(1);
    const stepPositionData = new BigInt64Array(1);
    const stepInputs: Record<LlmInputName, T> = {
      input_ids: tensor('i64', [1, 1], stepIdData),
      attention_mask: attentionMask,
      position_ids: tensor('i64', [1, 1], stepPositionData),
      beam_idx: beamIdx,
    };
    const promptData = new BigInt64Array(promptLength);
    const promptPositions = new BigInt64Array(promptLength);
    for (let i = 0; i < promptLength; i++) {
      promptData[i] = BigInt(promptIds[i] as number);
      promptPositions[i] = BigInt(i);
    }
    const tokens = new Array<number>(maxNewTokens);

    const start = now();
    attentionMask.setShape([1, promptLength]);
    const prefill = await bind({
      input_ids: tensor('i64', [1, promptLength], promptData),
      attention_mask: attentionMask,
      position_ids: tensor('i64', [1, promptLength], promptPositions),
      beam_idx: beamIdx,
    });
    const prefillLogits = logitsOf(prefill);
    const shape = prefillLogits.getShape();
    const vocab = shape[shape.length - 1] ?? 0;
    let token = nextToken(prefillLogits, vocab, 0);
    tokens[0] = token;
    const firstTokenAt = now();

    for (let i = 0; i < maxNewTokens - 1; i++) {
      stepIdData[0] = BigInt(token);
      stepPositionData[0] = BigInt(promptLength + i);
      attentionMask.setShape([1, promptLength + i + 1]);
      token = nextToken(logitsOf(await bind(stepInputs)), vocab, i + 1);
      tokens[i + 1] = token;
    }
    const end = now();
    return { tokens, ttft_seconds: firstTokenAt - start, decode_seconds: end - firstTokenAt };
  } finally {
    memory.clear();
  }
}

function checkArguments(promptIds: number[], maxNewTokens: number): void {
  if (promptIds.length === 0) throw new RangeError('the prompt must hold at least one token');
  for (const id of promptIds) {
    if (!Number.isSafeInteger(id) || id < 0) throw new RangeError(`prompt token ids must be non-negative integers, got ${id}`);
  }
  if (!Number.isSafeInteger(maxNewTokens) || maxNewTokens < 1) {
    throw new RangeError(`maxNewTokens must be a positive integer, got ${maxNewTokens}`);
  }
}

function logitsOf<T extends DecodeTensor>(outputs: { [outputName: string]: T }): T {
  const logits = outputs['logits'];
  if (logits === undefined) {
    throw new Error(`the model returned no 'logits' output (it returned: ${Object.keys(outputs).join(', ') || 'nothing'})`);
  }
  return logits;
}

// The argmax of the last position's logits; garbage (wrong type, all NaN) is an error, never a token.
function nextToken(logits: DecodeTensor, vocab: number, step: number): number {
  const data = logits.getData();
  if (!(data instanceof Float32Array)) {
    throw new Error(`logits must be f32, got ${data.constructor.name} at generated token ${step + 1}`);
  }
  const token = argmaxLastRow(data, vocab);
  if (token < 0) throw new Error(`the logits of generated token ${step + 1} are all NaN`);
  return token;
}
