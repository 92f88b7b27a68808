// The forced-compiler lines of `check`'s table: a compiler the runtime refuses is said to be not offered, not failed;
// the plugin's compiler taken under its older name says so.
import { describe, expect, it } from 'vitest';
import { classifyRun } from '../../../src/canary/classify-run.js';
import { compilerRun } from '../../../src/canary/device-canary.js';
import { describeCompilerRun } from '../../../src/report/render-canary.js';
import { passes, rejects, runtimeInfo } from '../diagnosis/canary-fixtures.js';

describe('describeCompilerRun', () => {
  it('a refused NPU_COMPILER_TYPE value reads "not offered by this OpenVINO" with the runtime\'s words', () => {
    const refused = rejects('NPU', "Exception from src/plugins/intel_npu/src/al/src/config/compiler.cpp:48:\nValue 'PLUGIN' is not a valid COMPILER_TYPE option");
    expect(describeCompilerRun(compilerRun(classifyRun(refused, 'PLUGIN').canary))).toBe(
      "not offered by this OpenVINO: Value 'PLUGIN' is not a valid COMPILER_TYPE option",
    );
  });

  it('the plugin compiler run under its pre-2026.0 name shows that name', () => {
    const run = compilerRun(classifyRun(passes('NPU', { runtime: runtimeInfo('NPU', { npu_compiler_used: 'MLIR' }) }), 'PLUGIN').canary);
    expect(describeCompilerRun(run)).toMatch(/^works.* \(as MLIR\)$/);
  });
});
