import { describe, expect, it } from 'vitest';
import { npuPluginCompilerWorks } from '../../../../src/diagnosis/rules/npu-plugin-compiler-works.js';
import { SEED_CRASH, SEED_SIGNATURE, device, dies, judged, npuWithCompilers, passes, rejects, runtimeInfo, seedFacts, seedPass } from '../canary-fixtures.js';

describe('npu-plugin-compiler-works', () => {
  it('fires with both runs quoted and NPU_COMPILER_TYPE=PLUGIN suggested', () => {
    const verdicts = judged(device('NPU', dies('NPU', { stderr: SEED_CRASH }), { compiler: 'PLUGIN', run: passes('NPU') }), device('CPU', passes('CPU')));
    const d = npuPluginCompilerWorks.diagnose(seedFacts(verdicts));
    expect(d?.evidence.slice(0, 2)).toEqual([
      `NPU with NPU_COMPILER_TYPE=DRIVER: compile_crash (SIGABRT) during compile: ${SEED_SIGNATURE}`,
      'NPU with NPU_COMPILER_TYPE=PLUGIN: ok, the canary compiles and matches the reference',
    ]);
    expect(d?.next_step).toContain('{"NPU_COMPILER_TYPE": "PLUGIN"}');
  });

  it('before OpenVINO 2026.0 the advice names MLIR, the value that runtime accepts for its own compiler', () => {
    const plugin = passes('NPU', { runtime: runtimeInfo('NPU', { npu_compiler_used: 'MLIR' }) });
    const npu = npuWithCompilers(dies('NPU', { stderr: SEED_CRASH }), { DRIVER: dies('NPU', { stderr: SEED_CRASH }), PLUGIN: plugin });
    const d = npuPluginCompilerWorks.diagnose(seedFacts(judged(npu, device('CPU', passes('CPU')))));
    expect(d?.evidence[1]).toBe('NPU with NPU_COMPILER_TYPE=PLUGIN: ok, the canary compiles and matches the reference (as NPU_COMPILER_TYPE=MLIR, its name before OpenVINO 2026.0)');
    expect(d?.next_step).toContain('{"NPU_COMPILER_TYPE": "MLIR"}');
  });

  it('a compiler the runtime does not offer is not a failure, and not a way out', () => {
    const refused = rejects('NPU', "Exception from src/plugins/intel_npu/src/al/src/config/compiler.cpp:48:\nValue 'PLUGIN' is not a valid COMPILER_TYPE option");
    const npu = npuWithCompilers(dies('NPU', { stderr: SEED_CRASH }), { DRIVER: dies('NPU', { stderr: SEED_CRASH }), PLUGIN: refused });
    expect(npu.compilers?.map((run) => [run.compiler, run.result])).toEqual([
      ['DRIVER', 'compile_crash'],
      ['PLUGIN', 'unsupported'],
    ]);
    expect(npuPluginCompilerWorks.diagnose(seedFacts(judged(npu, device('CPU', passes('CPU')))))).toBeNull();
  });

  it("does not fire on the seed's pass, where the plugin compiler's library is missing", () => {
    expect(npuPluginCompilerWorks.diagnose(seedFacts(seedPass()))).toBeNull();
  });
});
