import { describe, expect, it } from 'vitest';
import { canaryOnnxModel } from '../../../src/canary/model/canary-model.js';
import { encodeOnnxModel } from '../../../src/canary/model/onnx-model.js';

const contains = (bytes: Uint8Array, text: string): boolean => Buffer.from(bytes).includes(Buffer.from(text));

describe('canary model bytes', () => {
  it('are the same on every call', () => {
    const first = canaryOnnxModel();
    const second = canaryOnnxModel();
    expect(second).not.toBe(first);
    expect(Buffer.from(second).equals(Buffer.from(first))).toBe(true);
  });

  it('are small', () => {
    const size = canaryOnnxModel().length;
    expect(size).toBeGreaterThan(3 * 1024);
    expect(size).toBeLessThan(8 * 1024);
  });

  it('start with ir_version 8 and name their producer, operators and opset 13', () => {
    const bytes = canaryOnnxModel();
    expect([...bytes.subarray(0, 2)]).toEqual([0x08, 8]);
    for (const text of ['npu-watch', 'MatMul', 'Add', 'Relu', 'W1', 'b2']) expect(contains(bytes, text), text).toBe(true);
    // The trailing opset_import: field 8 (0x42), 4 bytes: domain "" (0x0a 0x00), version 13 (0x10 0x0d).
    expect([...bytes.subarray(bytes.length - 6)]).toEqual([0x42, 0x04, 0x0a, 0x00, 0x10, 13]);
  });
});

describe('encodeOnnxModel', () => {
  it('refuses an initializer whose data does not fill its dims', () => {
    expect(() =>
      encodeOnnxModel({
        irVersion: 8,
        opsetVersion: 13,
        producerName: 'test',
        graphName: 'g',
        nodes: [],
        initializers: [{ name: 'w', dims: [2, 3], data: new Float32Array(5) }],
        inputs: [],
        outputs: [],
      }),
    ).toThrow('initializer w: dims [2, 3] need 6 values, got 5');
  });
});
