import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { CompiledModel, Core, Model, NodeAddon } from 'openvino-node';
import { compareWithReference } from '../model/compare-output.js';
import { CANARY_INPUT_NAME, CANARY_INPUT_SHAPE, CANARY_OUTPUT_NAME, canaryInput, canaryOnnxModel, canaryReference } from '../model/canary-model.js';
import type { CanaryJob, NpuCompilerType, RuntimeInfo, WorkerVerdict } from '../types.js';
import { errorMessage, stage } from './emit.js';
import { isNpu } from '../device-names.js';

// Compile properties for the canary: every compile cache bypassed so the compiler really runs
// (no CACHE_DIR; the NPU driver's own blob cache off), and the NPU compiler forced when asked (by the name the
// runtime knows it by: see compilerNames).
export function canaryCompileProperties(device: string, compilerName: string | null): Record<string, string> {
  if (!isNpu(device)) return {};
  return { NPU_BYPASS_UMD_CACHING: 'YES', ...(compilerName ? { NPU_COMPILER_TYPE: compilerName } : {}) };
}

// The NPU_COMPILER_TYPE values to try for a compiler, in order: the plugin's own compiler was MLIR before
// OpenVINO 2026.0 and PLUGIN since (openvinotoolkit/openvino PR #32846; the parser, COMPILER_TYPE::parse in
// src/plugins/intel_npu/src/al/src/config/compiler.cpp, later intel_npu/config/options.hpp, refuses any other
// value before compiling anything). The runtime's release picks the name: openvino-node before the async compile fix
// (PR #34771) aborts the whole process on a refused value (core_wrap.cpp, compileModelThreadModel: no try/catch), so
// there would be no second try. Only a runtime whose release is unknown tries both names.
export function compilerNames(compiler: NpuCompilerType | null, openvinoVersion: string | null): (string | null)[] {
  if (compiler !== 'PLUGIN') return [compiler];
  const year = Number(/^(\d{4})\./.exec(openvinoVersion ?? '')?.[1]);
  if (!Number.isFinite(year)) return ['PLUGIN', 'MLIR'];
  return [year >= 2026 ? 'PLUGIN' : 'MLIR'];
}

const COMPILER_VALUE_REFUSED = /is not a valid COMPILER_TYPE option/;

// Compiles with the compiler forced, trying its older name when the runtime refuses the newer one.
async function compileForcing(core: Core, model: Model, device: string, compiler: NpuCompilerType | null, openvinoVersion: string | null): Promise<CompiledModel> {
  const names = compilerNames(compiler, openvinoVersion);
  for (const [index, name] of names.entries()) {
    try {
      return await core.compileModel(model, device, canaryCompileProperties(device, name));
    } catch (error) {
      if (index === names.length - 1 || !COMPILER_VALUE_REFUSED.test(errorMessage(error))) throw error;
    }
  }
  throw new Error('unreachable: compilerNames is never empty');
}

// The compiler a compile really used, as the compiled model tells it: its NPU_COMPILER_TYPE is the resolved one
// (PREFER_PLUGIN becomes PLUGIN or DRIVER; docs/.../npu-device.rst, "The compiler type used to compile a model can
// be queried from the resulting CompiledModel", openvinotoolkit/openvino PR #33974). The plugin hands it out as a
// string (config.getString<COMPILER_TYPE>(), src/plugins/intel_npu/src/plugin/src/properties.cpp), which the
// binding passes through; anything else (a runtime that does not say, or a value any_to_js cannot convert and
// returns as undefined: src/bindings/js/node/src/helper.cpp) is null.
export function compilerUsed(compiled: Pick<CompiledModel, 'getProperty'>, device: string): string | null {
  if (!isNpu(device)) return null;
  try {
    const value: unknown = compiled.getProperty('NPU_COMPILER_TYPE');
    return typeof value === 'string' && value !== '' ? value : null;
  } catch {
    return null;
  }
}

// compile → infer → verify the project's canary model on one device: the one the launching process wrote and
// described in the job (canary-files.ts) when it did, else generated here.
export async function runCanaryStages(
  addon: NodeAddon,
  core: Core,
  device: string,
  compiler: NpuCompilerType | null,
  runtimeInfo: RuntimeInfo,
  workDir: string | null = null,
  canary: CanaryJob | null = null,
): Promise<WorkerVerdict> {
  let runtime = runtimeInfo;
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
    const modelPath = canary?.model_path ?? path.join(dir, 'canary.onnx');
    if (canary === null) await fs.writeFile(modelPath, canaryOnnxModel());
    let compiled: CompiledModel;
    try {
      compiled = await stage('compile', async () => compileForcing(core, await core.readModel(modelPath), device, compiler, runtimeInfo.openvino_version));
    } catch (error) {
      return verdict('compile_error', 'compile', errorMessage(error));
    }
    if (isNpu(device)) runtime = { ...runtime, npu_compiler_used: compilerUsed(compiled, device) };
    // openvino-node's Tensor shares this array's memory and keeps no reference to it (helper.cpp cast_to_tensor):
    // the array stays referenced here until the output has been read and compared.
    const input = canary ? Float32Array.from(canary.input) : canaryInput();
    const inputName = canary?.input_name ?? CANARY_INPUT_NAME;
    const outputName = canary?.output_name ?? CANARY_OUTPUT_NAME;
    let output: ArrayLike<number>;
    try {
      output = await stage('infer', () => {
        const request = compiled.createInferRequest();
        const outputs = request.infer({ [inputName]: new addon.Tensor('f32', canary?.input_shape ?? [...CANARY_INPUT_SHAPE], input) });
        const tensor = outputs[outputName] ?? Object.values(outputs)[0];
        if (!tensor) throw new Error('the compiled model returned no output');
        return tensor.data as unknown as ArrayLike<number>;
      });
    } catch (error) {
      return verdict('infer_error', 'infer', errorMessage(error));
    }
    const reference = canary ? Float32Array.from(canary.reference) : canaryReference(input);
    const comparison = await stage('verify', () => compareWithReference(output, reference));
    return {
      ...verdict(comparison.ok ? 'ok' : 'wrong_output', comparison.ok ? null : 'verify', comparison.reason),
      max_abs_error: comparison.maxAbsError,
      tolerance: comparison.tolerance,
    };
  } finally {
    if (workDir === null) await fs.rm(dir, { recursive: true, force: true });
  }
}
