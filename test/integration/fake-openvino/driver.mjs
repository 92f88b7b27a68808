#!/usr/bin/env node
// Test driver for the fake OpenVINO runtime: does in a real child process what npu-watch's worker does with
// openvino-node, so crashes, hangs and signals are real. Usage: node driver.mjs '<job JSON>'.
// It writes JSON lines on stdout: { type: 'stage', stage } before each stage, then { type: 'result', ... } or
// { type: 'error', stage, message } (an error is reported and the driver exits 0; only a crash kills it).
import fs from 'node:fs';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import process from 'node:process';
import { pathToFileURL } from 'node:url';

const job = JSON.parse(process.argv[2] ?? '{}');
const here = path.dirname(new URL(import.meta.url).pathname);
const runtime = job.runtime ?? path.resolve(here, '../../fixtures/fake-openvino/index.mjs');

function emit(message) {
  fs.writeSync(1, `${JSON.stringify(message)}\n`);
}

let current = 'load_runtime';
function stage(name) {
  current = name;
  emit({ type: 'stage', stage: name });
}

function tensorJson(tensor) {
  return { type: tensor.getElementType(), shape: tensor.getShape(), data: Array.from(tensor.getData(), Number) };
}

const seconds = () => performance.now() / 1000;

async function info(addon) {
  const core = new addon.Core();
  const devices = core.getAvailableDevices();
  const properties = {};
  for (const device of job.devices ?? ['CPU', 'GPU', 'NPU']) {
    properties[device] = {};
    for (const name of ['FULL_DEVICE_NAME', 'DEVICE_ARCHITECTURE', 'NPU_DRIVER_VERSION', 'NPU_COMPILER_VERSION', 'NPU_COMPILER_TYPE']) {
      try {
        properties[device][name] = core.getProperty(device, name);
      } catch (error) {
        properties[device][name] = { error: error.message };
      }
    }
  }
  return { devices, versions: Object.fromEntries(devices.map((device) => [device, core.getVersions(device)])), properties, openvino: addon.getOpenvinoVersion() };
}

// Like the worker's canary: read, compile, infer one input, return the outputs.
async function canary(addon) {
  const core = new addon.Core();
  stage('compile');
  let compiled;
  if (job.sync) {
    compiled = core.compileModelSync(core.readModelSync(job.model), job.device, job.config ?? {});
  } else {
    compiled = await core.compileModel(await core.readModel(job.model), job.device, job.config ?? {});
  }
  stage('infer');
  const request = compiled.createInferRequest();
  const data = Float32Array.from(job.input);
  const input = job.typed ? data : new addon.Tensor('f32', job.input_shape, data);
  const name = compiled.inputs[0].anyName;
  const outputs = job.async_infer ? await request.inferAsync({ [name]: input }) : request.infer({ [name]: input });
  // openvino-node's Tensor keeps no reference to its array (helper.cpp cast_to_tensor), and neither does the fake:
  // `data` is used after the inference so that it cannot be collected while the inference reads it.
  return { outputs: Object.fromEntries(Object.entries(outputs).map(([key, tensor]) => [key, tensorJson(tensor)])), input_length: data.length };
}

function argmaxLastRow(data, vocab) {
  const start = data.length - vocab;
  let best = 0;
  for (let i = 1; i < vocab; i++) if (data[start + i] > data[start + best]) best = i;
  return best;
}

// Like the worker's benchmark: greedy decoding, one fresh infer request per repetition (unless reuse_request).
async function llm(addon) {
  const core = new addon.Core();
  stage('benchmark_compile');
  const model = await core.readModel(job.model);
  const compiled = await core.compileModel(model, job.device, job.config ?? {});
  stage('benchmark_decode');
  const runs = [];
  let request = compiled.createInferRequest();
  for (let repetition = 0; repetition < (job.repetitions ?? 1); repetition++) {
    if (repetition > 0 && !job.reuse_request) request = compiled.createInferRequest();
    runs.push(await generate(addon, request, job.prompt, job.max_new_tokens));
  }
  return { runs };
}

async function generate(addon, request, prompt, maxNewTokens) {
  // A Tensor keeps no reference to its array (openvino-node helper.cpp cast_to_tensor; the fake checks it):
  // `memory` holds every array until the last inference has finished, as src/canary/llm/greedy-decode.ts does.
  const memory = new Set();
  const Tensor = function (type, shape, data) {
    memory.add(data);
    return new addon.Tensor(type, shape, data);
  };
  const longest = prompt.length + maxNewTokens - 1;
  const mask = new Tensor('i64', [1, longest], new BigInt64Array(longest).fill(1n));
  const beam = new Tensor('i32', [1], new Int32Array(1));
  const stepId = new BigInt64Array(1);
  const stepPosition = new BigInt64Array(1);
  const stepInputs = { input_ids: new Tensor('i64', [1, 1], stepId), attention_mask: mask, position_ids: new Tensor('i64', [1, 1], stepPosition), beam_idx: beam };
  const infer = (inputs) => (job.sync ? request.infer(inputs) : request.inferAsync(inputs));
  const tokens = [];
  const start = seconds();
  mask.setShape([1, prompt.length]);
  const prefill = await infer({
    input_ids: new Tensor('i64', [1, prompt.length], BigInt64Array.from(prompt, BigInt)),
    attention_mask: mask,
    position_ids: new Tensor('i64', [1, prompt.length], BigInt64Array.from(prompt, (_, i) => BigInt(i))),
    beam_idx: beam,
  });
  const vocab = prefill.logits.getShape()[2];
  tokens.push(argmaxLastRow(prefill.logits.getData(), vocab));
  const firstTokenAt = seconds();
  for (let i = 0; i < maxNewTokens - 1; i++) {
    stepId[0] = BigInt(tokens[i]);
    stepPosition[0] = BigInt(prompt.length + i);
    mask.setShape([1, prompt.length + i + 1]);
    const outputs = await infer(stepInputs);
    tokens.push(argmaxLastRow(outputs.logits.getData(), vocab));
  }
  const end = seconds();
  memory.clear();
  return { tokens, ttft_seconds: firstTokenAt - start, decode_seconds: end - firstTokenAt, logits_shape: prefill.logits.getShape() };
}

// Two Cores with the scenario file rewritten in between (a daemon's next worker sees the new scenario).
async function rescan(addon) {
  const before = new addon.Core().getAvailableDevices();
  fs.writeFileSync(process.env.NPU_WATCH_FAKE_SCENARIO, JSON.stringify(job.next_scenario));
  const after = new addon.Core().getAvailableDevices();
  return { before, after };
}

const ACTIONS = { info, canary, llm, rescan };

try {
  stage('load_runtime');
  const mod = await import(pathToFileURL(runtime).href);
  const addon = mod.addon ?? mod.default?.addon;
  const fake = mod.NPU_WATCH_FAKE_RUNTIME === true || mod.default?.NPU_WATCH_FAKE_RUNTIME === true;
  const action = ACTIONS[job.action];
  if (!action) throw new Error(`unknown action ${job.action}`);
  emit({ type: 'result', fake, ...(await action(addon)) });
} catch (error) {
  emit({ type: 'error', stage: current, message: error instanceof Error ? error.message : String(error) });
}
