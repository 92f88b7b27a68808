// The Python fake prints and raises the same texts as the Node fake (test/fixtures/fake-openvino/messages.mjs): the
// seed's crash lines copied from the user's report, and OpenVINO's error formats. Kept twice (the Python fake cannot
// import JavaScript), so this test holds the copies equal.
import { execFileSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import * as node from '../../fixtures/fake-openvino/messages.mjs';
import { DEBIAN_PYTHON, FAKE_OPENVINO_PYTHON } from '../../helpers/python-worker.js';

const PRINT = `
import json
from openvino import _messages as m
print(json.dumps({
  'crash': m.SEED_CRASH_STDERR_LINES,
  'exception': m.SEED_EXCEPTION_MESSAGE,
  'plugin': m.plugin_compiler_missing(),
  'unsupported': m.unsupported_property('CPU', 'NPU_COMPILER_TYPE'),
  'registered': m.device_not_registered('VPU'),
  'npu': m.npu_not_available(),
  'model': m.model_file_missing('/nowhere/canary.onnx'),
}))`;

describe("the Python fake's texts", () => {
  it("are the Node fake's, character for character", () => {
    const python = JSON.parse(execFileSync(DEBIAN_PYTHON, ['-c', PRINT], { env: { ...process.env, PYTHONPATH: FAKE_OPENVINO_PYTHON }, encoding: 'utf8' })) as Record<string, unknown>;
    expect(python).toEqual({
      crash: [...node.SEED_CRASH_STDERR_LINES],
      exception: node.SEED_EXCEPTION_MESSAGE,
      plugin: node.pluginCompilerMissing().message,
      unsupported: node.unsupportedProperty('CPU', 'NPU_COMPILER_TYPE').message,
      registered: node.deviceNotRegistered('VPU').message,
      npu: node.npuNotAvailable().message,
      model: node.modelFileMissing('/nowhere/canary.onnx').message,
    });
  });
});
