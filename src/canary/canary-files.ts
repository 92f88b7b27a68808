import fs from 'node:fs';
import path from 'node:path';
import { toleranceFor } from './model/compare-output.js';
import { CANARY_INPUT_NAME, CANARY_INPUT_SHAPE, CANARY_OUTPUT_NAME, canaryInput, canaryOnnxModel, canaryReference } from './model/canary-model.js';
import type { CanaryJob } from './types.js';

// The model file's name in a worker's work dir.
export const CANARY_MODEL_FILE = 'canary.onnx';

// Writes the canary model into the worker's work dir and returns the job's description of it: the model is
// defined once (model/canary-model.ts) and every worker, the Node one and the Python one, runs these very bytes
// against this very reference. Throws when the file cannot be written.
export function writeCanaryFiles(workDir: string): CanaryJob {
  const modelPath = path.join(workDir, CANARY_MODEL_FILE);
  fs.writeFileSync(modelPath, canaryOnnxModel());
  const input = canaryInput();
  const reference = canaryReference(input);
  return {
    model_path: modelPath,
    input_name: CANARY_INPUT_NAME,
    input_shape: [...CANARY_INPUT_SHAPE],
    input: [...input],
    output_name: CANARY_OUTPUT_NAME,
    reference: [...reference],
    tolerance: toleranceFor(reference),
  };
}
