import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { Core, NodeAddon } from 'openvino-node';
import { compareWithReference } from '../model/compare-output.js';
import { CANARY_INPUT_NAME, CANARY_INPUT_SHAPE, CANARY_OUTPUT_NAME, canaryInput, canaryOnnxModel, canaryReference } from '../model/canary-model.js';
import type { NpuCompilerType, RuntimeInfo, WorkerVerdict } from '../types.js';
import { errorMessage, stage } from './emit.js';
import { isNpu } from '../device-names.js';

// Compile properties for the canary: every compile cache bypassed so the compiler really runs
// (no CACHE_DIR; the NPU driver's own blob cache off), and the NPU compiler forced when asked.
export function canaryCompileProperties(device: string, compiler: NpuCompilerType | null): Record<string, string> {
  if (!isNpu(device)) return {};
  return { NPU_BYPASS_UMD_CACHING: 'YES', ...(compiler ? { NPU_COMPILER_TYPE: compiler } : {}) };
}

// compile → infer → verify the project's canary model on one device.
export async function runCanaryStages(
  addon: NodeAddon,
  core: Core,
  device: string,
  compiler: NpuCompilerType | null,
  runtime: RuntimeInfo,
  workDir: string | null = null,
): Promise<WorkerVerdict> {
  const verdict = (result: WorkerVerdict['result'], stageName: WorkerVerdict['stage'], message: string | null): WorkerVerdict => ({
    runtime,
    result,
    stage: stageName,
    message,
    max_abs_error: null,
    tolerance: null,
  });
  // The launcher's directory when it gave one (it removes it after this process is gone, however it ended).
  const dir = workDir ?? (await fs.mkdtemp(path.join(os.tmpdir(), 'npu-watch-canary-')));
  try {
    const modelPath = path.join(dir, 'canary.onnx');
    await fs.writeFile(modelPath, canaryOnnxModel());
    let compiled;
    try {
      compiled = await stage('compile', async () => {
        const model = await core.readModel(modelPath);
        return core.compileModel(model, device, canaryCompileProperties(device, compiler));
      });
    } catch (error) {
      return verdict('compile_error', 'compile', errorMessage(error));
    }
    let output: ArrayLike<number>;
    try {
      output = await stage('infer', () => {
        const request = compiled.createInferRequest();
        const input = new addon.Tensor('f32', [...CANARY_INPUT_SHAPE], canaryInput());
        const outputs = request.infer({ [CANARY_INPUT_NAME]: input });
        const tensor = outputs[CANARY_OUTPUT_NAME] ?? Object.values(outputs)[0];
        if (!tensor) throw new Error('the compiled model returned no output');
        return tensor.data as unknown as ArrayLike<number>;
      });
    } catch (error) {
      return verdict('infer_error', 'infer', errorMessage(error));
    }
    const comparison = await stage('verify', () => compareWithReference(output, canaryReference(canaryInput())));
    return {
      ...verdict(comparison.ok ? 'ok' : 'wrong_output', comparison.ok ? null : 'verify', comparison.reason),
      max_abs_error: comparison.maxAbsError,
      tolerance: comparison.tolerance,
    };
  } finally {
    if (workDir === null) await fs.rm(dir, { recursive: true, force: true });
  }
}
