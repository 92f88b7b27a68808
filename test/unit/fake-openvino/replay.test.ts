// The fake runtime's replay scenario in this process (the exception form; the abort form kills its process and is
// run through the CLI in test/integration/known-failures-cli.test.ts).
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { addon } from '../../fixtures/fake-openvino/index.mjs';
import { FAKE_LLM, removeTempDirs, scenarioFile, tempDir } from '../../helpers/fake-runtime.js';
import { tinyOnnxModel } from '../../helpers/tiny-onnx.js';

const saved = process.env.NPU_WATCH_FAKE_SCENARIO;
afterEach(() => {
  if (saved === undefined) delete process.env.NPU_WATCH_FAKE_SCENARIO;
  else process.env.NPU_WATCH_FAKE_SCENARIO = saved;
});
afterAll(removeTempDirs);

// Text in the fixture format; the header names no real thread because nothing here is presented as captured.
const TEXT = 'first line of the replayed text\nsecond line: the failure';
function fixture(header: string, text = TEXT): string {
  const file = path.join(tempDir(), 'replayed.txt');
  fs.writeFileSync(file, `source: (test)\npost: (test)\n${header}\n---\n${text}\n`);
  return file;
}
function replay(header: string, params: Record<string, unknown> = {}): void {
  // A release whose async compileModel rejects (device-faults.mjs): before openvino-node's fix a compile error aborts
  // the process, which here is the test's own.
  process.env.NPU_WATCH_FAKE_SCENARIO = scenarioFile({ scenario: 'replay', replay_file: fixture(header), prefill_seconds: 0, openvino_version: '2026.2.0', ...params });
}
function tinyModel(): string {
  const file = path.join(tempDir(), 'tiny.onnx');
  fs.writeFileSync(file, tinyOnnxModel());
  return file;
}

describe('the replay scenario', () => {
  it('where: canary: the NPU compile throws the text verbatim, CPU compiles', async () => {
    replay('where: canary');
    const core = new addon.Core();
    await expect(core.compileModel(tinyModel(), 'NPU')).rejects.toThrow(new Error(TEXT));
    await expect(core.compileModel(tinyModel(), 'CPU')).resolves.toBeDefined();
  });

  it('replay_device GPU: the GPU fails, the NPU compiles', async () => {
    replay('where: canary', { replay_device: 'GPU' });
    const core = new addon.Core();
    await expect(core.compileModel(tinyModel(), 'GPU')).rejects.toThrow(TEXT);
    await expect(core.compileModel(tinyModel(), 'NPU')).resolves.toBeDefined();
  });

  it('where: benchmark: the canary compiles on the NPU, the LLM compile throws the text', async () => {
    replay('where: benchmark');
    const core = new addon.Core();
    await expect(core.compileModel(tinyModel(), 'NPU')).resolves.toBeDefined();
    await expect(core.compileModel(FAKE_LLM, 'NPU')).rejects.toThrow(new Error(TEXT));
  });

  it('where: kernel: every compile works (the text is the journal stand-in\'s)', async () => {
    replay('where: kernel');
    const core = new addon.Core();
    await expect(core.compileModel(tinyModel(), 'NPU')).resolves.toBeDefined();
    await expect(core.compileModel(FAKE_LLM, 'NPU')).resolves.toBeDefined();
  });

  it('replay_like device-missing: OpenVINO does not list the NPU', () => {
    replay('where: kernel', { replay_like: 'device-missing' });
    expect(new addon.Core().getAvailableDevices()).toEqual(['CPU', 'GPU']);
  });

  it('says what is wrong with a bad replay file or parameter', () => {
    const bad = (scenario: Record<string, unknown>, message: RegExp) => {
      process.env.NPU_WATCH_FAKE_SCENARIO = scenarioFile(scenario);
      expect(() => new addon.Core()).toThrow(message);
    };
    bad({ scenario: 'replay' }, /replay_file must be an absolute path with scenario "replay"/);
    bad({ scenario: 'working', replay_file: fixture('where: canary') }, /replay_file must be an absolute path with scenario "replay" \(and only then\)/);
    const noSeparator = path.join(tempDir(), 'no-separator.txt');
    fs.writeFileSync(noSeparator, 'where: canary\ntext\n');
    bad({ scenario: 'replay', replay_file: noSeparator }, /no-separator\.txt has no "---" line/);
    bad({ scenario: 'replay', replay_file: fixture('where: dmesg') }, /where is "dmesg", expected one of canary, benchmark, kernel/);
    bad({ scenario: 'replay', replay_file: fixture('where: benchmark\nreplay: abort') }, /"replay: abort" is for where: canary only/);
    bad({ scenario: 'replay', replay_file: fixture('where: canary'), replay_device: 'CPU' }, /replay_device must be "NPU" or "GPU"/);
  });
});
