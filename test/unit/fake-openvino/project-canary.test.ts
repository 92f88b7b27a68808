// The project's own canary model (src/canary/model/, written separately) run through the fake runtime, when
// it is there: the fake must pass it on working devices and fail it in wrong-output. Skipped without it; it
// is imported by computed path so this file does not depend on it at compile time.
import fs from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { addon } from '../../fixtures/fake-openvino/index.mjs';
import { removeTempDirs, scenarioFile, tempDir } from './run-driver.js';

const MODEL_DIR = path.resolve(import.meta.dirname, '../../../src/canary/model');
const CANARY_MODEL = path.join(MODEL_DIR, 'canary-model.ts');
const COMPARE_OUTPUT = path.join(MODEL_DIR, 'compare-output.ts');
const present = fs.existsSync(CANARY_MODEL) && fs.existsSync(COMPARE_OUTPUT);

interface CanaryModule {
  CANARY_INPUT_NAME: string;
  CANARY_INPUT_SHAPE: readonly number[];
  CANARY_OUTPUT_NAME: string;
  canaryOnnxModel(): Uint8Array;
  canaryInput(): Float32Array;
  canaryReference(input: Float32Array): Float32Array;
}
interface CompareModule {
  compareWithReference(actual: ArrayLike<number>, expected: Float32Array): { ok: boolean; maxAbsError: number; tolerance: number };
}

const savedScenario = process.env.NPU_WATCH_FAKE_SCENARIO;
afterEach(() => {
  if (savedScenario === undefined) delete process.env.NPU_WATCH_FAKE_SCENARIO;
  else process.env.NPU_WATCH_FAKE_SCENARIO = savedScenario;
});
afterAll(removeTempDirs);

async function runCanary(scenario: string, device: string) {
  const canary = (await import(pathToFileURL(CANARY_MODEL).href)) as CanaryModule;
  const compare = (await import(pathToFileURL(COMPARE_OUTPUT).href)) as CompareModule;
  process.env.NPU_WATCH_FAKE_SCENARIO = scenarioFile({ scenario });
  const modelPath = path.join(tempDir(), 'canary.onnx');
  fs.writeFileSync(modelPath, canary.canaryOnnxModel());
  const core = new addon.Core();
  const compiled = await core.compileModel(await core.readModel(modelPath), device, {});
  const input = new addon.Tensor('f32', [...canary.CANARY_INPUT_SHAPE], canary.canaryInput());
  const output = compiled.createInferRequest().infer({ [canary.CANARY_INPUT_NAME]: input })[canary.CANARY_OUTPUT_NAME]!;
  return compare.compareWithReference(output.data as Float32Array, canary.canaryReference(canary.canaryInput()));
}

describe.skipIf(!present)("the project's canary model through the fake", () => {
  it.each(['CPU', 'GPU', 'NPU'])('passes on %s in working', async (device) => {
    const comparison = await runCanary('working', device);
    expect(comparison.ok, JSON.stringify(comparison)).toBe(true);
  });

  it('fails on NPU in wrong-output', async () => {
    const comparison = await runCanary('wrong-output', 'NPU');
    expect(comparison.ok).toBe(false);
    expect(comparison.maxAbsError).toBeCloseTo(0.5, 2);
  });
});
