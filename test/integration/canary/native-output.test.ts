// The real worker (dist/) with the fake runtime: what the NPU plugin's logger prints on stdout is native text,
// counted and kept, and the worker's protocol on its own descriptor is untouched by it.
import pino from 'pino';
import { afterAll, describe, expect, it } from 'vitest';
import { classifyRun } from '../../../src/canary/classify-run.js';
import { launchWorker, nodeWorkerCommand, workerEnv } from '../../../src/canary/launcher.js';
import { workerPath } from '../../../src/canary/worker-path.js';
import type { WorkerJob } from '../../../src/canary/types.js';
import { FAKE_LLM, FAKE_RUNTIME, removeTempDirs, scenarioFile } from '../../helpers/fake-runtime.js';

afterAll(removeTempDirs);

// An NPU benchmark whose compile config asks the driver's compiler for an optimization level it is too old for
// (NPU_COMPILER_VERSION 5.6 < 5.7): the plugin's serializeConfig logs two WARNING lines on stdout.
const job = (device: string): WorkerJob => ({
  runtime_module: FAKE_RUNTIME,
  device,
  compiler_type: null,
  benchmark: {
    model_path: FAKE_LLM,
    prompt_token_ids: [1, 2, 3],
    max_new_tokens: 3,
    repetitions: 1,
    cache_dir: null,
    compile_properties: { NPU_COMPILATION_MODE_PARAMS: 'optimization-level=1' },
  },
});
const launch = (env: Record<string, string>) =>
  launchWorker(job('NPU'), { command: nodeWorkerCommand(workerPath()), totalTimeoutMs: 60_000, stageTimeoutMs: 30_000, graceMs: 1000, log: pino({ level: 'silent' }), env });

// A release whose default NPU compiler is the driver's (PREFER_PLUGIN, which picks the plugin's own, is the
// default from 2026.1): the warnings come from the driver compiler's config serialisation (serializeConfig).
const DRIVER_BY_DEFAULT = '2026.0.0';

describe('native output of the NPU plugin', () => {
  it('the NPU runs at LOG_WARNING: the logger’s warnings on stdout are counted, colours removed, and every protocol line parses', async () => {
    const env = { NPU_WATCH_FAKE_SCENARIO: scenarioFile({ scenario: 'working', npu_compiler_version: '5.6', openvino_version: DRIVER_BY_DEFAULT }) };
    const run = await launch(env);
    expect(run.invalidLines).toEqual([]);
    const outcome = classifyRun(run, null);
    expect(outcome.canary.result).toBe('ok');
    expect(outcome.benchmark).not.toBeNull();
    expect(outcome.canary.compiler_warnings).toBe(2);
    const lines = outcome.canary.stdout_tail.trimEnd().split('\n');
    expect(lines).toHaveLength(2);
    expect(lines[0]).toMatch(/^\[WARNING\] \d\d:\d\d:\d\d\.\d+ \[serializeConfig\] optimization-level property is not supported by this compiler version\. Removing from parameters$/);
    expect(lines[1]).toMatch(/\[serializeConfig\] performance-hint-override property is not supported by this compiler version\. Removing from parameters$/);
  });

  it("a log level the user chose is kept: at the plugin's release default (errors only) the warnings are not printed", async () => {
    const env = {
      NPU_WATCH_FAKE_SCENARIO: scenarioFile({ scenario: 'working', npu_compiler_version: '5.6', openvino_version: DRIVER_BY_DEFAULT }),
      OV_NPU_LOG_LEVEL: 'LOG_ERROR',
    };
    const { canary } = classifyRun(await launch(env), null);
    expect(canary).toMatchObject({ result: 'ok', compiler_warnings: 0, stdout_tail: '' });
  });
});

describe('workerEnv', () => {
  it('sets OV_NPU_LOG_LEVEL=LOG_WARNING for NPU jobs only, and never over a value already set', () => {
    expect(workerEnv(job('NPU'), { A: '1' })).toEqual({ A: '1', OV_NPU_LOG_LEVEL: 'LOG_WARNING' });
    expect(workerEnv(job('NPU.0'), undefined)).toMatchObject({ OV_NPU_LOG_LEVEL: 'LOG_WARNING' });
    expect(workerEnv(job('CPU'), { A: '1' })).toEqual({ A: '1' });
    expect(workerEnv(job('NPU'), { OV_NPU_LOG_LEVEL: 'LOG_DEBUG' })).toEqual({ OV_NPU_LOG_LEVEL: 'LOG_DEBUG' });
  });
});
