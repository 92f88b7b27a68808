import fs from 'node:fs/promises';
import path from 'node:path';
import type { CompiledModel, Core, NodeAddon, Tensor } from 'openvino-node';
import { greedyDecode, requireLlmInputs } from '../llm/greedy-decode.js';
import { compilerUsed } from './canary-stages.js';
import type { BenchmarkJob, BenchmarkStage, DecodeRun, WorkerBenchmark } from '../types.js';
import { emit, errorMessage, stage } from './emit.js';

const seconds = () => performance.now() / 1000;

// load → compile → warm-up → N measured greedy decodes, each on a fresh infer request (a fresh KV cache).
export async function runBenchmarkStages(addon: NodeAddon, core: Core, device: string, job: BenchmarkJob): Promise<void> {
  let current: BenchmarkStage = 'benchmark_load';
  try {
    const loadStarted = seconds();
    const model = await stage((current = 'benchmark_load'), async () => {
      const read = await core.readModel(job.model_path);
      requireLlmInputs(read.inputs.map((input) => input.anyName));
      return read;
    });
    const loadSeconds = seconds() - loadStarted;
    const cacheHeldBlobs = job.cache_dir !== null && (await nonEmptyDir(job.cache_dir));
    const compileStarted = seconds();
    const properties = { ...job.compile_properties, ...(job.cache_dir ? { CACHE_DIR: job.cache_dir } : {}) };
    const compiled = await stage((current = 'benchmark_compile'), () => core.compileModel(model, device, properties));
    const compileSeconds = seconds() - compileStarted;
    const cached = job.cache_dir !== null && (loadedFromCache(compiled) ?? cacheHeldBlobs);
    const makeTensor = (type: 'i64' | 'i32', shape: number[], data: BigInt64Array | Int32Array): Tensor => new addon.Tensor(type, shape, data);
    const decode = () => greedyDecode(compiled.createInferRequest(), makeTensor, job.prompt_token_ids, job.max_new_tokens, seconds);
    await stage((current = 'benchmark_warmup'), decode);
    const runs: DecodeRun[] = await stage((current = 'benchmark_decode'), async () => {
      const measured: DecodeRun[] = [];
      for (let i = 0; i < job.repetitions; i += 1) measured.push(await decode());
      return measured;
    });
    // The figures (medians, TPOT, spread) are computed from these runs by the daemon (classify-run.ts).
    const report: WorkerBenchmark = {
      model: path.basename(path.dirname(path.resolve(job.model_path))),
      prompt_tokens: job.prompt_token_ids.length,
      load_seconds: loadSeconds,
      compile_seconds: compileSeconds,
      compile_cache: cached ? 'cached' : 'cold',
      npu_compiler_used: compilerUsed(compiled, device),
      runs,
    };
    emit({ type: 'benchmark', benchmark: report });
  } catch (error) {
    emit({ type: 'benchmark_error', stage: current, message: errorMessage(error) });
  }
}

// The compiled model's LOADED_FROM_CACHE (ov::loaded_from_cache, a bool: set when the core imported the blob from
// CACHE_DIR instead of compiling; openvinotoolkit/openvino src/inference/src/dev/core_impl.cpp, and registered by the
// NPU plugin in src/plugins/intel_npu/src/al/include/intel_npu/config/options.hpp, LOADED_FROM_CACHE); null when
// the runtime does not answer it with a boolean.
function loadedFromCache(compiled: Pick<CompiledModel, 'getProperty'>): boolean | null {
  try {
    const value: unknown = compiled.getProperty('LOADED_FROM_CACHE');
    return typeof value === 'boolean' ? value : null;
  } catch {
    return null;
  }
}

async function nonEmptyDir(dir: string): Promise<boolean> {
  try {
    return (await fs.readdir(dir)).length > 0;
  } catch {
    return false;
  }
}
