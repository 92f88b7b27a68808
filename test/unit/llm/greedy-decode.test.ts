// greedyDecode against a scripted fake infer request: the exact inputs of every step, the tokens, and the
// TTFT / decode split measured on an injected clock (nothing sleeps).
import type { InferRequest, Tensor } from 'openvino-node';
import { describe, expect, it } from 'vitest';
import { greedyDecode, requireLlmInputs, type DecodeTensor, type MakeTensor } from '../../../src/canary/llm/greedy-decode.js';

type ElementType = 'i64' | 'i32' | 'f32';
type TensorData = BigInt64Array | Int32Array | Float32Array;

// Mirrors openvino-node's Tensor over a TypedArray: memory shared with the array, which must start at byte 0
// and span its whole buffer; setShape may shrink within the original capacity, as OpenVINO's view tensors do.
class FakeTensor implements DecodeTensor {
  private shape: number[];
  private readonly capacity: number;

  constructor(
    readonly type: ElementType,
    shape: number[],
    readonly data: TensorData,
  ) {
    const size = shape.reduce((a, b) => a * b, 1);
    if (data.byteOffset !== 0 || data.buffer.byteLength !== size * data.BYTES_PER_ELEMENT) {
      throw new Error('Memory allocated using shape and element::type mismatch passed data\'s size');
    }
    this.shape = [...shape];
    this.capacity = size;
  }

  getData(): TensorData {
    return this.data;
  }

  getShape(): number[] {
    return [...this.shape];
  }

  setShape(shape: number[]): void {
    if (shape.reduce((a, b) => a * b, 1) > this.capacity) throw new Error(`Could set new shape: ${shape.join(',')}`);
    this.shape = [...shape];
  }

  // What an inference would read: the first size(shape) elements, as plain numbers.
  snapshot(): { type: ElementType; shape: number[]; values: number[] } {
    const size = this.shape.reduce((a, b) => a * b, 1);
    return { type: this.type, shape: [...this.shape], values: Array.from(this.data.subarray(0, size), Number) };
  }
}

const makeFakeTensor: MakeTensor<FakeTensor> = (type, shape, data) => new FakeTensor(type, shape, data);

type Snapshot = ReturnType<FakeTensor['snapshot']>;

// A stateful request played from a script: call n returns logits(n) and advances the clock. It binds inputs as
// openvino-node does: setTensor(name) by name; inferAsync(inputs) by POSITION over the values it is given, object
// keys ignored (src/bindings/js/node/src/helper.cpp parse_input_data, then set_input_tensor(i) per index).
class FakeRequest {
  readonly calls: Record<string, Snapshot>[] = [];
  private readonly bound = new Map<string, FakeTensor>();

  constructor(
    private readonly script: (call: number) => { logits?: Float32Array | Int32Array; shape: number[] },
    private readonly clock: { t: number },
    private readonly seconds: (call: number) => number = () => 0,
    private readonly ports: string[] = ['input_ids', 'attention_mask', 'position_ids', 'beam_idx'],
  ) {}

  setTensor(name: string, tensor: FakeTensor): void {
    if (!this.ports.includes(name)) throw new Error(`Port for tensor name ${name} was not found.`);
    this.bound.set(name, tensor);
  }

  async inferAsync(inputs: FakeTensor[] | { [name: string]: FakeTensor }): Promise<{ [name: string]: FakeTensor }> {
    Object.values(inputs).forEach((tensor, index) => this.bound.set(this.ports[index] as string, tensor));
    const call = this.calls.length;
    this.calls.push(Object.fromEntries([...this.bound].map(([name, tensor]) => [name, tensor.snapshot()])));
    this.clock.t += this.seconds(call);
    const { logits, shape } = this.script(call);
    if (logits === undefined) return { something_else: new FakeTensor('f32', [1], new Float32Array(1)) };
    return { logits: new FakeTensor(logits instanceof Float32Array ? 'f32' : 'i32', shape, logits) };
  }
}

const VOCAB = 5;

// One-hot-ish row whose maximum is at `token`.
function row(token: number): number[] {
  return Array.from({ length: VOCAB }, (_, i) => (i === token ? 2 : -1 + i * 0.1));
}

// Prefill of a 3-token prompt: earlier rows peak higher and elsewhere, so only the last row may be used.
function scriptFor(firstToken: number, decodeTokens: number[]) {
  return (call: number) => {
    if (call === 0) {
      const rows = [[50, 0, 0, 0, 0], [0, 0, 0, 0, 40], row(firstToken)];
      return { logits: Float32Array.from(rows.flat()), shape: [1, 3, VOCAB] };
    }
    return { logits: Float32Array.from(row(decodeTokens[call - 1] as number)), shape: [1, 1, VOCAB] };
  };
}

const i64 = (shape: number[], values: number[]): Snapshot => ({ type: 'i64', shape, values });
const beam: Snapshot = { type: 'i32', shape: [1], values: [0] };
const ones = (n: number): number[] => Array.from({ length: n }, () => 1);

describe('greedyDecode', () => {
  it('prefills once, then feeds one token per step with the right ids, positions, mask and beam', async () => {
    const clock = { t: 0 };
    const request = new FakeRequest(scriptFor(2, [0, 4, 4]), clock);
    const run = await greedyDecode(request, makeFakeTensor, [3, 1, 4], 4, () => clock.t);

    expect(run.tokens).toEqual([2, 0, 4, 4]);
    expect(request.calls).toEqual([
      { input_ids: i64([1, 3], [3, 1, 4]), attention_mask: i64([1, 3], ones(3)), position_ids: i64([1, 3], [0, 1, 2]), beam_idx: beam },
      { input_ids: i64([1, 1], [2]), attention_mask: i64([1, 4], ones(4)), position_ids: i64([1, 1], [3]), beam_idx: beam },
      { input_ids: i64([1, 1], [0]), attention_mask: i64([1, 5], ones(5)), position_ids: i64([1, 1], [4]), beam_idx: beam },
      { input_ids: i64([1, 1], [4]), attention_mask: i64([1, 6], ones(6)), position_ids: i64([1, 1], [5]), beam_idx: beam },
    ]);
  });

  it("binds every input by name, whatever the order of the model's inputs (inferAsync binds by position)", async () => {
    const clock = { t: 0 };
    const ports = ['beam_idx', 'position_ids', 'input_ids', 'attention_mask'];
    const request = new FakeRequest(scriptFor(2, [0]), clock, () => 0, ports);
    await greedyDecode(request, makeFakeTensor, [3, 1, 4], 2, () => clock.t);
    expect(request.calls).toEqual([
      { input_ids: i64([1, 3], [3, 1, 4]), attention_mask: i64([1, 3], ones(3)), position_ids: i64([1, 3], [0, 1, 2]), beam_idx: beam },
      { input_ids: i64([1, 1], [2]), attention_mask: i64([1, 4], ones(4)), position_ids: i64([1, 1], [3]), beam_idx: beam },
    ]);
  });

  it('names the inputs a model lacks that greedy decoding needs', () => {
    expect(() => requireLlmInputs(['input_ids', 'attention_mask', 'position_ids', 'beam_idx', 'token_type_ids'])).not.toThrow();
    expect(() => requireLlmInputs(['input_ids', 'attention_mask'])).toThrow(
      "the model lacks the input(s) position_ids, beam_idx that greedy decoding of a stateful LLM (optimum-intel export) needs; it has: input_ids, attention_mask",
    );
  });

  it('never feeds the last generated token back', async () => {
    const clock = { t: 0 };
    const request = new FakeRequest(scriptFor(1, [2, 3]), clock);
    const run = await greedyDecode(request, makeFakeTensor, [0, 0, 0], 3, () => clock.t);
    expect(run.tokens).toEqual([1, 2, 3]);
    expect(request.calls).toHaveLength(3);
  });

  it('with one new token makes only the prefill call and has no decode time', async () => {
    const clock = { t: 10 };
    const request = new FakeRequest(scriptFor(3, []), clock, () => 0.5);
    const run = await greedyDecode(request, makeFakeTensor, [1, 2, 3], 1, () => clock.t);
    expect(run).toEqual({ tokens: [3], ttft_seconds: 0.5, decode_seconds: 0 });
    expect(request.calls).toHaveLength(1);
  });

  it('times the prefill as TTFT and tokens 2..N as decode', async () => {
    const clock = { t: 1000 };
    const request = new FakeRequest(scriptFor(2, [1, 1, 1, 1]), clock, (call) => (call === 0 ? 0.5 : 0.25));
    const run = await greedyDecode(request, makeFakeTensor, [4, 4, 4], 5, () => clock.t);
    expect(run.tokens).toEqual([2, 1, 1, 1, 1]);
    expect(run.ttft_seconds).toBe(0.5);
    expect(run.decode_seconds).toBe(1); // 4 decode steps of 0.25 s
  });

  it('accepts a single-token prompt', async () => {
    const clock = { t: 0 };
    const script = (call: number) => ({ logits: Float32Array.from(row(call % VOCAB)), shape: [1, 1, VOCAB] });
    const request = new FakeRequest(script, clock);
    const run = await greedyDecode(request, makeFakeTensor, [7], 3, () => clock.t);
    expect(run.tokens).toEqual([0, 1, 2]);
    expect(request.calls[0]).toEqual({
      input_ids: i64([1, 1], [7]),
      attention_mask: i64([1, 1], [1]),
      position_ids: i64([1, 1], [0]),
      beam_idx: beam,
    });
    expect(request.calls[2]?.['attention_mask']).toEqual(i64([1, 3], ones(3)));
  });

  it('fails on a missing logits output, non-f32 logits and all-NaN logits', async () => {
    const clock = { t: 0 };
    const now = () => clock.t;
    await expect(greedyDecode(new FakeRequest(() => ({ shape: [1, 1, VOCAB] }), clock), makeFakeTensor, [1], 2, now)).rejects.toThrow(
      /no 'logits' output \(it returned: something_else\)/,
    );
    const ints = () => ({ logits: Int32Array.from(row(1)), shape: [1, 1, VOCAB] });
    await expect(greedyDecode(new FakeRequest(ints, clock), makeFakeTensor, [1], 2, now)).rejects.toThrow(/logits must be f32, got Int32Array/);
    const nanOnSecond = (call: number) => ({
      logits: Float32Array.from(call === 0 ? row(1) : row(1).map(() => NaN)),
      shape: [1, 1, VOCAB],
    });
    await expect(greedyDecode(new FakeRequest(nanOnSecond, clock), makeFakeTensor, [1], 3, now)).rejects.toThrow(
      /generated token 2 are all NaN/,
    );
  });

  it('rejects an empty prompt, bad token ids and a bad token count before inferring', async () => {
    const clock = { t: 0 };
    const request = new FakeRequest(scriptFor(0, []), clock);
    const now = () => clock.t;
    await expect(greedyDecode(request, makeFakeTensor, [], 4, now)).rejects.toThrow(RangeError);
    await expect(greedyDecode(request, makeFakeTensor, [1.5], 4, now)).rejects.toThrow(RangeError);
    await expect(greedyDecode(request, makeFakeTensor, [-1], 4, now)).rejects.toThrow(RangeError);
    await expect(greedyDecode(request, makeFakeTensor, [1], 0, now)).rejects.toThrow(RangeError);
    await expect(greedyDecode(request, makeFakeTensor, [1], 2.5, now)).rejects.toThrow(RangeError);
    expect(request.calls).toHaveLength(0);
  });

  it("type-checks against openvino-node's InferRequest and Tensor", () => {
    // Compiles only if the real declarations fit the loop's parameter types; never called.
    const withRealTypes = (request: InferRequest, makeTensor: MakeTensor<Tensor>) =>
      greedyDecode(request, makeTensor, [1], 1, () => 0);
    expect(typeof withRealTypes).toBe('function');
  });
});
