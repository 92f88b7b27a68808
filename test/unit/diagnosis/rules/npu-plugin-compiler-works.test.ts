import { describe, expect, it } from 'vitest';
import { npuPluginCompilerWorks } from '../../../../src/diagnosis/rules/npu-plugin-compiler-works.js';
import { SEED_CRASH, SEED_SIGNATURE, device, dies, judged, passes, seedFacts, seedPass } from '../canary-fixtures.js';

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

  it("does not fire on the seed's pass, where the plugin compiler's library is missing", () => {
    expect(npuPluginCompilerWorks.diagnose(seedFacts(seedPass()))).toBeNull();
  });
});
