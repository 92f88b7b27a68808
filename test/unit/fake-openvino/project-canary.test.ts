// The project's own canary model (src/canary/model/) run through the fake runtime: the fake must pass it on
// working devices and fail it in wrong-output.
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import * as canary from '../../../src/canary/model/canary-model.js';
import * as compare from '../../../src/canary/model/compare-output.js';
import { addon } from '../../fixtures/fake-openvino/index.mjs';
import { removeTempDirs, scenarioFile, tempDir } from '../../helpers/fake-runtime.js';

const savedScenario = process.env.NPU_WATCH_FAKE_SCENARIO;
afterEach(() => {
  if (savedScenario === undefined) delete process.env.NPU_WATCH_FAKE_SCENARIO;
  else process.env.NPU_WATCH_FAKE_SCENARIO = savedScenario;
});
afterAll(removeTempDirs);

async function runCanary(scenario: string, device: string) {
  process.env.NPU_WATCH_FAKE_SCENARIO = scenarioFile({ scenario });
  const modelPath = path.join(tempDir(), 'canary.onnx');
  fs.writeFileSync(modelPath, canary.canaryOnnxModel());
  const core = new addon.Core();
  const compiled = await core.compileModel(await core.readModel(modelPath), device, {});
  const input = new addon.Tensor('f32', [...canary.CANARY_INPUT_SHAPE], canary.canaryInput());
  const output = compiled.createInferRequest().infer({ [canary.CANARY_INPUT_NAME]: input })[canary.CANARY_OUTPUT_NAME]!;
  return compare.compareWithReference(output.data as Float32Array, canary.canaryReference(canary.canaryInput()));
}

describe("the project's canary model through the fake", () => {
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
