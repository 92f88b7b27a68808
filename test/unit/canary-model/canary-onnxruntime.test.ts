// The canary's validity proven by a real engine: onnxruntime-node loads the generated ONNX bytes and
// its output equals the JS reference, which is computed from the weight formulas without any model.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as ort from 'onnxruntime-node';
import { afterAll, describe, expect, it } from 'vitest';
import {
  CANARY_INPUT_NAME,
  CANARY_INPUT_SHAPE,
  CANARY_OUTPUT_NAME,
  CANARY_OUTPUT_SHAPE,
  canaryInput,
  canaryOnnxModel,
  canaryReference,
} from '../../../src/canary/model/canary-model.js';

const tempDir = mkdtempSync(join(tmpdir(), 'npu-watch-canary-'));
afterAll(() => rmSync(tempDir, { recursive: true, force: true }));

async function runOnnxruntime(session: ort.InferenceSession, input: Float32Array): Promise<ort.Tensor> {
  const feeds = { [CANARY_INPUT_NAME]: new ort.Tensor('float32', input, [...CANARY_INPUT_SHAPE]) };
  const results = await session.run(feeds);
  const output = results[CANARY_OUTPUT_NAME];
  if (output === undefined) throw new Error(`onnxruntime returned no ${CANARY_OUTPUT_NAME}`);
  return output;
}

function expectCloseTo(actual: ArrayLike<number>, expected: Float32Array): void {
  expect(actual.length).toBe(expected.length);
  for (let i = 0; i < expected.length; i++) {
    expect(Math.abs((actual[i] as number) - (expected[i] as number)), `element ${i}`).toBeLessThanOrEqual(1e-5);
  }
}

describe('canary model in onnxruntime-node', () => {
  it('loads from a file and computes the JS reference', async () => {
    const modelPath = join(tempDir, 'canary.onnx');
    writeFileSync(modelPath, canaryOnnxModel());
    const session = await ort.InferenceSession.create(modelPath);
    try {
      expect(session.inputNames).toEqual([CANARY_INPUT_NAME]);
      expect(session.outputNames).toEqual([CANARY_OUTPUT_NAME]);
      const output = await runOnnxruntime(session, canaryInput());
      expect(output.type).toBe('float32');
      expect(output.dims).toEqual([...CANARY_OUTPUT_SHAPE]);
      expectCloseTo(output.data as Float32Array, canaryReference(canaryInput()));
    } finally {
      await session.release();
    }
  });

  it('loads from the bytes directly and agrees with the reference on other inputs too', async () => {
    const session = await ort.InferenceSession.create(canaryOnnxModel());
    try {
      const inputs = [
        canaryInput(),
        canaryInput().reverse(),
        canaryInput().map((value, i) => value * 0.5 + (i % 3) / 8),
        new Float32Array(CANARY_INPUT_SHAPE[1] as number),
      ];
      for (const input of inputs) {
        const output = await runOnnxruntime(session, input);
        expectCloseTo(output.data as Float32Array, canaryReference(input));
      }
    } finally {
      await session.release();
    }
  });

  it('declares the static shapes it is fed with', async () => {
    const session = await ort.InferenceSession.create(canaryOnnxModel());
    try {
      await expect(runOnnxruntime(session, new Float32Array(8).fill(1))).rejects.toThrow();
    } finally {
      await session.release();
    }
  });
});
