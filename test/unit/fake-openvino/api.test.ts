// The fake runtime's API in this process (only the scenarios that do not crash): openvino-node's semantics
// that the worker relies on or could trip over, so code that passes against the fake also works for real.
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, afterEach, beforeEach, describe, expect, it } from 'vitest';
import { addon, NPU_WATCH_FAKE_RUNTIME } from '../../fixtures/fake-openvino/index.mjs';
import fakeDefault from '../../fixtures/fake-openvino/index.mjs';
import { FAKE_LLM, removeTempDirs, scenarioFile, tempDir } from '../../helpers/fake-runtime.js';
import { TINY_INPUT, TINY_INPUT_SHAPE, tinyOnnxModel } from '../../helpers/tiny-onnx.js';

const savedScenario = process.env.NPU_WATCH_FAKE_SCENARIO;
// The first release the fake imitates whose async compileModel rejects on a compile error (device-faults.mjs):
// every test here that expects a rejection runs there, since before it the error aborts the test's own process.
const ASYNC_COMPILE_ERRORS_REJECT = '2026.2.0';

function useScenario(scenario: Record<string, unknown> | null): void {
  if (scenario === null) delete process.env.NPU_WATCH_FAKE_SCENARIO;
  else process.env.NPU_WATCH_FAKE_SCENARIO = scenarioFile(scenario);
}

beforeEach(() => useScenario({ scenario: 'working', prefill_seconds: 0, cpu_tokens_per_second: 1000, npu_tokens_per_second: 1000 }));
afterEach(() => {
  if (savedScenario === undefined) delete process.env.NPU_WATCH_FAKE_SCENARIO;
  else process.env.NPU_WATCH_FAKE_SCENARIO = savedScenario;
});
afterAll(removeTempDirs);

function tinyModelPath(): string {
  const file = path.join(tempDir(), 'tiny.onnx');
  fs.writeFileSync(file, tinyOnnxModel());
  return file;
}

const i64 = (values: number[]) => BigInt64Array.from(values, BigInt);

// Byte equality of two large typed arrays (expect().toEqual is slow on 450 000 elements).
function sameBytes(a: ArrayBufferView, b: ArrayBufferView): boolean {
  return Buffer.from(a.buffer, a.byteOffset, a.byteLength).equals(Buffer.from(b.buffer, b.byteOffset, b.byteLength));
}

// A Tensor keeps no reference to its array (openvino-node helper.cpp cast_to_tensor) and the fake checks that the
// array is still there when an inference reads it: the prefill inputs' arrays are held for the whole file, since a
// garbage collection may come at any moment on a busy machine.
const heldArrays: ArrayBufferView[] = [];
function held<T extends ArrayBufferView>(data: T): T {
  heldArrays.push(data);
  return data;
}

function prefillInputs(length: number) {
  return {
    input_ids: new addon.Tensor('i64', [1, length], held(i64(Array.from({ length }, (_, i) => 100 + i)))),
    attention_mask: new addon.Tensor('i64', [1, length], held(new BigInt64Array(length).fill(1n))),
    position_ids: new addon.Tensor('i64', [1, length], held(i64(Array.from({ length }, (_, i) => i)))),
    beam_idx: new addon.Tensor('i32', [1], held(new Int32Array(1))),
  };
}

describe('module shape', () => {
  it('exports addon and the fake marker, named and as default, like openvino-node plus the marker', () => {
    expect(NPU_WATCH_FAKE_RUNTIME).toBe(true);
    expect(fakeDefault.NPU_WATCH_FAKE_RUNTIME).toBe(true);
    expect(fakeDefault.addon).toBe(addon);
    expect(typeof addon.Core).toBe('function');
    expect(addon.element.f32).toBe('f32');
    expect(Object.keys(addon.getOpenvinoVersion())).toEqual(['buildNumber', 'description']);
    expect(String(addon.getOpenvinoVersion())).toContain('npu-watch FAKE test runtime');
  });
});

describe('Tensor', () => {
  it('shares memory with the TypedArray it wraps; data and getData() are copies', () => {
    const memory = new Float32Array([1, 2, 3, 4]);
    const tensor = new addon.Tensor('f32', [2, 2], memory);
    memory[0] = 9;
    expect(tensor.getData()[0]).toBe(9);
    const copy = tensor.data as Float32Array;
    copy[1] = 7;
    expect(tensor.getData()[1]).toBe(2);
    expect(tensor.getShape()).toEqual([2, 2]);
    expect(tensor.getSize()).toBe(4);
    expect(tensor.getElementType()).toBe('f32');
  });

  it('refuses a TypedArray that does not start at byteOffset 0 or does not span its whole buffer', () => {
    const buffer = new Float32Array(8);
    expect(() => new addon.Tensor('f32', [4], buffer.subarray(4))).toThrow('TypedArray.byteOffset has to be equal to zero.');
    expect(() => new addon.Tensor('f32', [4], buffer.subarray(0, 4))).toThrow("Memory allocated using shape and element::type mismatch passed data's size");
    expect(() => new addon.Tensor('f32', [3], new Float32Array(4))).toThrow("mismatch passed data's size");
    expect(() => new addon.Tensor('f16' as 'f32', [1])).toThrow('Cannot create ov::element::Type');
  });

  it('lets a tensor over caller memory shrink and grow back within it, not past it', () => {
    const tensor = new addon.Tensor('i64', [1, 4], new BigInt64Array([1n, 2n, 3n, 4n]));
    tensor.setShape([1, 2]);
    expect(Array.from(tensor.getData() as BigInt64Array)).toEqual([1n, 2n]);
    tensor.setShape([1, 4]);
    expect(tensor.getSize()).toBe(4);
    expect(() => tensor.setShape([1, 5])).toThrow('Could set new shape: [1,5]');
  });
});

describe('Core', () => {
  it('throws like the real binding for unknown properties and devices', () => {
    const core = new addon.Core();
    expect(() => core.getProperty('NPU', 'NO_SUCH_PROPERTY')).toThrow(/Unsupported property NO_SUCH_PROPERTY by NPU plugin/);
    expect(() => core.getProperty('TPU', 'FULL_DEVICE_NAME')).toThrow('Device with "TPU" name is not registered in the OpenVINO Runtime');
    expect(core.getProperty('NPU', 'SUPPORTED_PROPERTIES')).toContain('NPU_COMPILER_VERSION');
  });

  it('keeps setProperty values per device', () => {
    const core = new addon.Core();
    core.setProperty('NPU', { NPU_COMPILER_TYPE: 'MLIR' });
    expect(core.getProperty('NPU', 'NPU_COMPILER_TYPE')).toBe('MLIR');
    expect(() => core.setProperty('CPU', { NPU_COMPILER_TYPE: 'DRIVER' })).toThrow(/Unsupported property NPU_COMPILER_TYPE by CPU plugin/);
  });
});

// README.md, "Behaviour by OpenVINO version": the fake follows the release the scenario imitates.
describe('behaviour by OpenVINO version', () => {
  const at = (openvino_version: string, extra: Record<string, unknown> = {}) => {
    useScenario({ scenario: 'working', openvino_version, ...extra });
    return new addon.Core();
  };

  it('NPU_COMPILER_TYPE: MLIR/DRIVER before 2026.0, PLUGIN/DRIVER/PREFER_PLUGIN since, PREFER_PLUGIN the default from 2026.1', () => {
    const old = at('2025.1.0');
    expect(old.getProperty('NPU', 'NPU_COMPILER_TYPE')).toBe('DRIVER');
    expect(() => old.setProperty('NPU', { NPU_COMPILER_TYPE: 'PLUGIN' })).toThrow("Value 'PLUGIN' is not a valid COMPILER_TYPE option");
    const renamed = at('2026.0.0');
    expect(renamed.getProperty('NPU', 'NPU_COMPILER_TYPE')).toBe('DRIVER');
    expect(() => renamed.setProperty('NPU', { NPU_COMPILER_TYPE: 'MLIR' })).toThrow("Value 'MLIR' is not a valid COMPILER_TYPE option");
    renamed.setProperty('NPU', { NPU_COMPILER_TYPE: 'PLUGIN' });
    expect(at('2026.1.0').getProperty('NPU', 'NPU_COMPILER_TYPE')).toBe('PREFER_PLUGIN');
  });

  it('the compiled model names the compiler it used: PREFER_PLUGIN resolves to PLUGIN, or DRIVER without the library', async () => {
    const model = tinyModelPath();
    const compiled = await at('2026.1.0').compileModel(model, 'NPU');
    expect(compiled.getProperty('NPU_COMPILER_TYPE')).toBe('PLUGIN');
    const explicit = await at('2026.1.0').compileModel(model, 'NPU', { NPU_COMPILER_TYPE: 'DRIVER' });
    expect(explicit.getProperty('NPU_COMPILER_TYPE')).toBe('DRIVER');
  });

  it('a uint64 property reads as undefined (any_to_js has no case for it)', () => {
    expect(at('2026.1.0').getProperty('NPU', 'NPU_DEVICE_TOTAL_MEM_SIZE')).toBeUndefined();
  });

  it('LOADED_FROM_CACHE is false for a compile that wrote the cache and true for the next one on the same device', async () => {
    const model = tinyModelPath();
    const cacheDir = path.join(tempDir(), 'cache');
    const core = at('2026.1.0');
    expect((await core.compileModel(model, 'CPU', { CACHE_DIR: cacheDir })).getProperty('LOADED_FROM_CACHE')).toBe(false);
    expect((await core.compileModel(model, 'NPU', { CACHE_DIR: cacheDir })).getProperty('LOADED_FROM_CACHE')).toBe(false);
    expect((await core.compileModel(model, 'CPU', { CACHE_DIR: cacheDir })).getProperty('LOADED_FROM_CACHE')).toBe(true);
    expect((await at('2026.0.0').compileModel(model, 'CPU', { CACHE_DIR: cacheDir })).getProperty('LOADED_FROM_CACHE')).toBe(false);
  });

  it('a Tensor keeps no reference to its TypedArray: collected before inferAsync, the inference fails', async () => {
    const core = at('2026.1.0', { collect_garbage_before_infer: true });
    const compiled = await core.compileModel(tinyModelPath(), 'CPU');
    const request = compiled.createInferRequest();
    const kept = Float32Array.from(TINY_INPUT);
    await expect(request.inferAsync([new addon.Tensor('f32', TINY_INPUT_SHAPE, kept)])).resolves.toBeDefined();
    expect(kept.length).toBe(TINY_INPUT.length);
    const dropped = request.inferAsync([new addon.Tensor('f32', TINY_INPUT_SHAPE, Float32Array.from(TINY_INPUT))]);
    await expect(dropped).rejects.toThrow(/garbage-collected while the Tensor was still in use/);
  });
});

describe('Core, continued', () => {

  it('reads .onnx and .xml, and fails for a missing or unknown file', async () => {
    const core = new addon.Core();
    const onnx = await core.readModel(tinyModelPath());
    expect(onnx.inputs.map((input) => input.anyName)).toEqual(['x']);
    expect(onnx.input().shape).toEqual(TINY_INPUT_SHAPE);
    const llm = core.readModelSync(FAKE_LLM);
    expect(llm.inputs.map((input) => input.anyName)).toEqual(['input_ids', 'attention_mask', 'position_ids', 'beam_idx']);
    expect(llm.output('logits').getPartialShape().toString()).toBe('[?,?,151936]');
    expect(() => llm.input('input_ids').shape).toThrow('dynamic shape');
    const missing = path.join(tempDir(), 'missing.onnx');
    await expect(core.readModel(missing)).rejects.toThrow(missing);
    const text = path.join(tempDir(), 'model.txt');
    fs.writeFileSync(text, 'not a model');
    expect(() => core.readModelSync(text)).toThrow(/Unable to read the model: .*model\.txt/);
  });

  it('refuses another device family\'s properties in a compile config', async () => {
    // A release whose async compileModel rejects: before openvino-node's fix the refusal aborts this very process.
    useScenario({ scenario: 'working', openvino_version: ASYNC_COMPILE_ERRORS_REJECT });
    const core = new addon.Core();
    await expect(core.compileModel(tinyModelPath(), 'CPU', { NPU_BYPASS_UMD_CACHING: 'YES' })).rejects.toThrow(
      /Unsupported property NPU_BYPASS_UMD_CACHING by CPU plugin/,
    );
  });

  it('writes a stand-in blob into CACHE_DIR, as OpenVINO does when compiling with a cache', async () => {
    const cache = path.join(tempDir(), 'cache');
    await new addon.Core().compileModel(FAKE_LLM, 'NPU', { CACHE_DIR: cache });
    expect(fs.readdirSync(cache).filter((name) => name.endsWith('.blob'))).toHaveLength(1);
  });

  it('throws from new Core() for a scenario file that is not JSON', () => {
    const file = path.join(tempDir(), 'scenario.json');
    fs.writeFileSync(file, '{ scenario: working');
    process.env.NPU_WATCH_FAKE_SCENARIO = file;
    expect(() => new addon.Core()).toThrow(/is not valid JSON/);
  });
});

describe('InferRequest', () => {
  it('checks input element types and static shapes', async () => {
    const compiled = await new addon.Core().compileModel(tinyModelPath(), 'CPU');
    const request = compiled.createInferRequest();
    expect(() => request.infer({ x: new addon.Tensor('f64', TINY_INPUT_SHAPE, Float64Array.from(TINY_INPUT)) })).toThrow(
      'The tensor element type is not corresponding with output element type (f64 != f32',
    );
    expect(() => request.infer({ x: new addon.Tensor('f32', [1, 3], new Float32Array(3)) })).toThrow(
      'The input tensor size is not equal to the model input type: got [1,3] expecting [1,4].',
    );
    expect(() => request.infer({ nope: new addon.Tensor('f32', TINY_INPUT_SHAPE, Float32Array.from(TINY_INPUT)) })).toThrow(
      'Port for tensor name nope was not found.',
    );
    expect(() => request.infer(Float32Array.from(TINY_INPUT) as never)).toThrow('TypedArray cannot be passed directly into infer() method.');
  });

  it('wraps a TypedArray with the request tensor shape: so an LLM input needs a Tensor on a fresh request', async () => {
    const compiled = await new addon.Core().compileModel(FAKE_LLM, 'CPU');
    const request = compiled.createInferRequest();
    const inputs = { ...prefillInputs(3), input_ids: held(i64([1, 2, 3])) };
    expect(() => request.infer(inputs)).toThrow("Memory allocated using shape and element::type mismatch passed data's size");
    expect(() => request.inferAsync(inputs as never)).toThrow('Cannot create a tensor from the passed Napi::Value.');
  });

  it('refuses an i32 input_ids tensor (the model wants i64)', async () => {
    const compiled = await new addon.Core().compileModel(FAKE_LLM, 'CPU');
    const inputs = { ...prefillInputs(3), input_ids: new addon.Tensor('i32', [1, 3], held(new Int32Array([1, 2, 3]))) };
    await expect(compiled.createInferRequest().inferAsync(inputs)).rejects.toThrow('(i32 != i64');
  });

  it('inferAsync sets inputs by position, not by key, as openvino-node does', async () => {
    const compiled = await new addon.Core().compileModel(FAKE_LLM, 'CPU');
    const inputs = prefillInputs(3);
    const byPosition = await compiled.createInferRequest().inferAsync([inputs.input_ids, inputs.attention_mask, inputs.position_ids, inputs.beam_idx]);
    const renamed = await compiled.createInferRequest().inferAsync({ a: inputs.input_ids, b: inputs.attention_mask, c: inputs.position_ids, d: inputs.beam_idx });
    expect(sameBytes(renamed.logits!.getData(), byPosition.logits!.getData())).toBe(true);
    const swapped = { attention_mask: inputs.attention_mask, input_ids: inputs.input_ids, position_ids: inputs.position_ids, beam_idx: inputs.beam_idx };
    await expect(compiled.createInferRequest().inferAsync(swapped)).rejects.toThrow('attention_mask must be all ones');
  });

  it('leaves the KV cache as it was when a call is refused', async () => {
    const compiled = await new addon.Core().compileModel(FAKE_LLM, 'CPU');
    const request = compiled.createInferRequest();
    const bad = { ...prefillInputs(3), input_ids: new addon.Tensor('i64', [1, 3], held(i64([1, 2, 999999]))) };
    await expect(request.inferAsync(bad)).rejects.toThrow('outside the vocabulary');
    const good = await request.inferAsync(prefillInputs(3));
    const fresh = await compiled.createInferRequest().inferAsync(prefillInputs(3));
    expect(sameBytes(good.logits!.getData(), fresh.logits!.getData())).toBe(true);
  });
});
