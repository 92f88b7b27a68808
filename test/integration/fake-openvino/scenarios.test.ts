// The fake runtime's scenarios, each through a real child process doing what the worker does: the crashes,
// the hang and the errors must be real, and every canary output must be onnxruntime's.
import fs from 'node:fs';
import path from 'node:path';
import { createRequire } from 'node:module';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { eventually } from '../../helpers/cli.js';
import { removeTempDirs, tempDir } from '../../helpers/fake-runtime.js';
import { readProcStat, signalPending } from '../../helpers/processes.js';
import { TINY_INPUT, TINY_INPUT_SHAPE, TINY_OUTPUT_NAME, float16, tinyOnnxModel, tinyReference } from '../../helpers/tiny-onnx.js';
import { isAlive, killAllDrivers, runDriver, startDriver } from './run-driver.js';

// The user's crash report, copied line by line (test/fixtures/fake-openvino/messages.mjs must print exactly these).
const SEED_STDERR = [
  'WARNING: ENABLE_CPU_PINNING property is not supported by this compiler version',
  'WARNING: NPU_STEPPING property is not supported by this compiler version',
  'WARNING: NPU_MAX_TILES property is not supported by this compiler version',
  'WARNING: INFERENCE_PRECISION_HINT property is not supported by this compiler version',
  'WARNING: NPU_BATCH_MODE property is not supported by this compiler version',
  'WARNING: EXECUTION_MODE_HINT property is not supported by this compiler version',
  'WARNING: COMPILER_DYNAMIC_QUANTIZATION property is not supported by this compiler version',
  'WARNING: NPU_QDQ_OPTIMIZATION property is not supported by this compiler version',
  'Exception from src/plugins/intel_npu/src/compiler_adapter/src/ze_graph_ext_wrappers.cpp:362:',
  'L0 pfnCreate2 result: ZE_RESULT_ERROR_UNKNOWN, code 0x7ffffffe',
  '/usr/include/c++/15/bits/shared_ptr_base.h:1344:',
  '_Tp* std::__shared_ptr_deref(_Tp*) [with _Tp = cldnn::memory]:',
  "Assertion '__p != nullptr' failed.",
];
const SEED_EXCEPTION = SEED_STDERR.slice(8, 10).join('\n');
// The first openvino-node release whose async compileModel rejects on a compile error (device-faults.mjs
// ASYNC_COMPILE_ERRORS_REJECT_FROM); the releases before it abort the process instead.
const FIXED = { openvino_version: '2026.2.0' };
const SEED_FILE = path.resolve(import.meta.dirname, '../../fixtures/seed/status-page.txt');

let modelPath: string;

beforeAll(() => {
  modelPath = path.join(tempDir(), 'tiny.onnx');
  fs.writeFileSync(modelPath, tinyOnnxModel());
});

afterEach(killAllDrivers);
afterAll(removeTempDirs);

const canaryJob = (device: string, extra: Record<string, unknown> = {}) => ({
  action: 'canary',
  device,
  model: modelPath,
  input: TINY_INPUT,
  input_shape: TINY_INPUT_SHAPE,
  ...extra,
});

function outputOf(exit: Awaited<ReturnType<typeof runDriver>>): number[] {
  expect(exit.error, exit.stderr).toBeUndefined();
  const outputs = exit.result?.outputs as Record<string, { data: number[]; shape: number[]; type: string }>;
  const output = outputs[TINY_OUTPUT_NAME]!;
  expect(output.shape).toEqual([1, 3]);
  expect(output.type).toBe('f32');
  return output.data;
}

// What onnxruntime itself computes for the tiny model, in this process.
async function onnxruntimeOutput(): Promise<number[]> {
  const ort = createRequire(import.meta.url)('onnxruntime-node') as typeof import('onnxruntime-node');
  const session = await ort.InferenceSession.create(tinyOnnxModel());
  const result = await session.run({ x: new ort.Tensor('float32', Float32Array.from(TINY_INPUT), TINY_INPUT_SHAPE) });
  const data = Array.from(result[TINY_OUTPUT_NAME]!.data as Float32Array);
  await session.release();
  return data;
}

describe('the seed text', () => {
  it('matches the user crash report line for line', () => {
    const seed = fs.readFileSync(SEED_FILE, 'utf8').split('\n');
    for (const line of SEED_STDERR) expect(seed).toContain(line);
    const crashLog = seed.indexOf(SEED_STDERR[8]!);
    expect(seed.slice(crashLog, crashLog + 5)).toEqual(SEED_STDERR.slice(8));
  });
});

describe('working', () => {
  it('CPU returns exactly what onnxruntime computes, NPU and GPU the same rounded through FP16', async () => {
    const expected = await onnxruntimeOutput();
    const reference = tinyReference();
    expected.forEach((value, i) => expect(value).toBeCloseTo(reference[i]!, 5));
    const [cpu, gpu, npu] = await Promise.all(['CPU', 'GPU', 'NPU'].map((device) => runDriver(canaryJob(device), { scenario: 'working' })));
    expect(outputOf(cpu!)).toEqual(expected);
    for (const exit of [gpu!, npu!]) {
      const output = outputOf(exit);
      expect(output).toEqual(expected.map(float16));
      expect(output).not.toEqual(expected); // the rounding really happened
      output.forEach((value, i) => expect(Math.abs(value - expected[i]!)).toBeLessThanOrEqual(Math.abs(expected[i]!) * 2 ** -11));
    }
    expect(cpu!.result?.fake).toBe(true);
  });

  it('serves the synchronous API (compileModelSync, infer with a Float32Array) and inferAsync alike', async () => {
    const expected = await onnxruntimeOutput();
    const sync = await runDriver(canaryJob('NPU', { sync: true, typed: true }), { scenario: 'working' });
    const async = await runDriver(canaryJob('NPU', { async_infer: true }), { scenario: 'working' });
    expect(outputOf(sync)).toEqual(expected.map(float16));
    expect(outputOf(async)).toEqual(expected.map(float16));
  });

  it('is the default when the scenario variable is unset or its file is missing', async () => {
    const unset = await runDriver({ action: 'info' }, null);
    const missing = await runDriver({ action: 'info' }, path.join(tempDir(), 'no-such-scenario.json'));
    for (const exit of [unset, missing]) {
      expect(exit.result?.devices).toEqual(['CPU', 'GPU', 'NPU']);
    }
  });

  it('reports versions and properties marked as fake', async () => {
    const exit = await runDriver({ action: 'info' }, { scenario: 'working', npu_compiler_version: '7.21', npu_driver_version: 1234 });
    const result = exit.result as unknown as {
      openvino: { buildNumber: string; description: string };
      versions: Record<string, Record<string, { buildNumber: string }>>;
      properties: Record<string, Record<string, unknown>>;
    };
    expect(result.openvino).toEqual({ buildNumber: '2025.1.0-18503-npu-watch-fake', description: 'OpenVINO Runtime (npu-watch FAKE test runtime)' });
    expect(result.versions.NPU!.NPU!.buildNumber).toBe('2025.1.0-18503-npu-watch-fake');
    for (const device of ['CPU', 'GPU', 'NPU']) expect(result.properties[device]!.FULL_DEVICE_NAME).toContain('[npu-watch fake]');
    expect(result.properties.NPU).toMatchObject({ DEVICE_ARCHITECTURE: '4000', NPU_DRIVER_VERSION: 1234, NPU_COMPILER_VERSION: (7 << 16) | 21, NPU_COMPILER_TYPE: 'DRIVER' });
    expect((result.properties.CPU!.NPU_DRIVER_VERSION as { error: string }).error).toMatch(
      /^Exception from src\/inference\/src\/cpp\/core\.cpp:\d+:\nException from src\/inference\/src\/dev\/plugin\.cpp:\d+:\nNotFound: Unsupported property NPU_DRIVER_VERSION by CPU plugin\.$/,
    );
  });

  it('re-reads the scenario file on every new Core()', async () => {
    const exit = await runDriver({ action: 'rescan', next_scenario: { scenario: 'device-missing' } }, { scenario: 'working' });
    expect(exit.result).toMatchObject({ before: ['CPU', 'GPU', 'NPU'], after: ['CPU', 'GPU'] });
  });
});

describe('fedora43', () => {
  it.each(['NPU', 'GPU'])('%s compile prints the seed lines exactly, then dies by SIGABRT', async (device) => {
    const exit = await runDriver(canaryJob(device), { scenario: 'fedora43' });
    expect(exit.signal).toBe('SIGABRT');
    expect(exit.code).toBeNull();
    expect(exit.lastStage).toBe('compile');
    expect(exit.stderr).toBe(`${SEED_STDERR.join('\n')}\n`);
  });

  it('dies the same way through compileModelSync', async () => {
    const exit = await runDriver(canaryJob('NPU', { sync: true }), { scenario: 'fedora43' });
    expect(exit.signal).toBe('SIGABRT');
    expect(exit.stderr).toBe(`${SEED_STDERR.join('\n')}\n`);
  });

  it('NPU with the plugin compiler (MLIR before 2026.0, PLUGIN since) is a compile error naming the missing compiler library', async () => {
    // Synchronous compiles: an async one aborts the process on these releases (see FIXED above).
    const exit = await runDriver({ ...canaryJob('NPU', { config: { NPU_COMPILER_TYPE: 'MLIR' } }), sync: true }, { scenario: 'fedora43' });
    expect(exit.error?.message).toContain('libopenvino_intel_npu_compiler.so');
    const refused = await runDriver({ ...canaryJob('NPU', { config: { NPU_COMPILER_TYPE: 'PLUGIN' } }), sync: true }, { scenario: 'fedora43' });
    expect(refused.error?.message).toContain("Value 'PLUGIN' is not a valid COMPILER_TYPE option");
    const renamed = await runDriver({ ...canaryJob('NPU', { config: { NPU_COMPILER_TYPE: 'PLUGIN' } }), sync: true }, { scenario: 'fedora43', openvino_version: '2026.0.0' });
    expect(renamed.error?.message).toBe(exit.error?.message);
  });

  it('NPU with the PLUGIN compiler on OpenVINO 2026.0 fails in compile, without a crash', async () => {
    const exit = await runDriver(canaryJob('NPU', { config: { NPU_COMPILER_TYPE: 'PLUGIN' } }), { scenario: 'fedora43', ...FIXED });
    expect(exit.signal).toBeNull();
    expect(exit.code).toBe(0);
    expect(exit.error?.stage).toBe('compile');
    expect(exit.error?.message).toMatch(/Exception from src\/plugins\/intel_npu\/src\/compiler_adapter\/src\/plugin_compiler_adapter\.cpp:\d+:\n/);
    expect(exit.error?.message).toContain('libopenvino_intel_npu_compiler.so');
    expect(exit.stderr).toBe('');
  });

  it('CPU, the control, works', async () => {
    const exit = await runDriver(canaryJob('CPU'), { scenario: 'fedora43' });
    expect(outputOf(exit)).toEqual(await onnxruntimeOutput());
  });
});

describe('ze-error', () => {
  it.each(['NPU', 'GPU'])('%s compile rejects with the seed exception, no crash, from the fixed binding on', async (device) => {
    const exit = await runDriver(canaryJob(device), { scenario: 'ze-error', ...FIXED });
    expect(exit.signal).toBeNull();
    expect(exit.code).toBe(0);
    expect(exit.error).toEqual({ type: 'error', stage: 'compile', message: SEED_EXCEPTION });
  });

  it("before the binding's fix, the async compile's error reaches std::terminate: libstdc++'s two lines, then SIGABRT", async () => {
    const exit = await runDriver(canaryJob('NPU'), { scenario: 'ze-error', openvino_version: '2026.1.0' });
    expect(exit.signal).toBe('SIGABRT');
    expect(exit.lastStage).toBe('compile');
    expect(exit.stderr).toBe(`terminate called after throwing an instance of 'ov::Exception'\n  what():  ${SEED_EXCEPTION}\n`);
  });

  it('compileModelSync throws as before, whatever the release', async () => {
    const exit = await runDriver(canaryJob('NPU', { sync: true }), { scenario: 'ze-error', openvino_version: '2026.1.0' });
    expect(exit.signal).toBeNull();
    expect(exit.error).toEqual({ type: 'error', stage: 'compile', message: SEED_EXCEPTION });
  });

  it('CPU works', async () => {
    expect(outputOf(await runDriver(canaryJob('CPU'), { scenario: 'ze-error' }))).toEqual(await onnxruntimeOutput());
  });
});

describe('hang', () => {
  it('NPU compile never returns, ignores SIGTERM and dies only by SIGKILL', async () => {
    const hungFile = path.join(tempDir(), 'hung');
    const driver = startDriver(canaryJob('NPU'), { scenario: 'hang', hung_file: hungFile });
    // The hang says when its handlers are in place (before that, Node's own SIGTERM handler would still end
    // the process), then blocks.
    await eventually(async () => fs.existsSync(hungFile), 'the compile to hang');
    const pid = driver.child.pid!;
    driver.child.kill('SIGTERM');
    // The sentinel: the kernel has handed the SIGTERM over (it is no longer pending), and the process is still
    // there and not a zombie. Only then SIGKILL.
    await eventually(async () => !signalPending(pid, 'SIGTERM'), 'the SIGTERM to be taken');
    expect(readProcStat(pid)?.state).toMatch(/^[RSD]$/);
    expect(driver.child.exitCode).toBeNull();
    driver.child.kill('SIGKILL');
    const exit = await driver.exited;
    expect(exit.signal).toBe('SIGKILL');
    expect(exit.lastStage).toBe('compile');
    expect(exit.result).toBeUndefined();
    expect(isAlive(driver.child.pid!)).toBe(false);
  });

  it('GPU and CPU work', async () => {
    const expected = await onnxruntimeOutput();
    expect(outputOf(await runDriver(canaryJob('GPU'), { scenario: 'hang' }))).toEqual(expected.map(float16));
    expect(outputOf(await runDriver(canaryJob('CPU'), { scenario: 'hang' }))).toEqual(expected);
  });
});

describe('segfault', () => {
  it('NPU compile dies by SIGSEGV', async () => {
    const exit = await runDriver(canaryJob('NPU'), { scenario: 'segfault' });
    expect(exit.signal).toBe('SIGSEGV');
    expect(exit.lastStage).toBe('compile');
  });

  it('GPU works', async () => {
    expect(outputOf(await runDriver(canaryJob('GPU'), { scenario: 'segfault' }))).toEqual((await onnxruntimeOutput()).map(float16));
  });
});

describe('wrong-output', () => {
  it('NPU compiles and returns the right result + 0.5 everywhere; GPU and CPU stay right', async () => {
    const expected = await onnxruntimeOutput();
    const npu = outputOf(await runDriver(canaryJob('NPU'), { scenario: 'wrong-output' }));
    npu.forEach((value, i) => expect(value).toBeCloseTo(float16(expected[i]!) + 0.5, 6));
    expect(outputOf(await runDriver(canaryJob('GPU'), { scenario: 'wrong-output' }))).toEqual(expected.map(float16));
    expect(outputOf(await runDriver(canaryJob('CPU'), { scenario: 'wrong-output' }))).toEqual(expected);
  });
});

describe('device-missing', () => {
  it('lists no NPU; NPU compile and properties fail; GPU and CPU work', async () => {
    const info = await runDriver({ action: 'info' }, { scenario: 'device-missing' });
    expect(info.result?.devices).toEqual(['CPU', 'GPU']);
    const properties = info.result?.properties as Record<string, Record<string, unknown>>;
    expect((properties.NPU!.FULL_DEVICE_NAME as { error: string }).error).toContain('No available devices');
    const npu = await runDriver(canaryJob('NPU'), { scenario: 'device-missing', ...FIXED });
    expect(npu.signal).toBeNull();
    expect(npu.error?.stage).toBe('compile');
    expect(npu.error?.message).toContain('No available devices');
    expect(outputOf(await runDriver(canaryJob('GPU'), { scenario: 'device-missing' }))).toEqual((await onnxruntimeOutput()).map(float16));
  });
});

describe('a bad scenario file', () => {
  it('makes new Core() throw instead of quietly working', async () => {
    const unknown = await runDriver({ action: 'info' }, { scenario: 'fedora-43' });
    expect(unknown.error?.message).toMatch(/unknown scenario "fedora-43"/);
    const badParam = await runDriver({ action: 'info' }, { scenario: 'working', npu_tokens_per_sec: 5 });
    expect(badParam.error?.message).toMatch(/unknown parameter "npu_tokens_per_sec"/);
  });

  it('rejects an npu_pmt without the register\'s place, naming what it got', async () => {
    const badPmt = await runDriver({ action: 'info' }, { scenario: 'working', npu_pmt: { telem: 'telem', offset: 1488, units_per_joule: 16384, watts: 1.5 } });
    expect(badPmt.error?.message).toMatch(/npu_pmt must be null or \{ telem: absolute path, .*got \{"telem":"telem"/);
  });
});
