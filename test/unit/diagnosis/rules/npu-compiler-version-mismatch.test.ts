import { describe, expect, it } from 'vitest';
import { npuCompilerVersionMismatch } from '../../../../src/diagnosis/rules/npu-compiler-version-mismatch.js';
import { SEED_CRASH, SEED_WARNINGS, device, dies, judged, passes, runtimeInfo, seedFacts, seedPass } from '../canary-fixtures.js';

describe('npu-compiler-version-mismatch', () => {
  it("fires on the seed's warnings, naming each unsupported property", () => {
    const d = npuCompilerVersionMismatch.diagnose(seedFacts(seedPass()));
    expect(d?.evidence).toEqual([
      '8 "property is not supported by this compiler version" warnings during the NPU compile',
      'unsupported: ENABLE_CPU_PINNING, NPU_STEPPING, NPU_MAX_TILES, INFERENCE_PRECISION_HINT, NPU_BATCH_MODE, EXECUTION_MODE_HINT, COMPILER_DYNAMIC_QUANTIZATION, NPU_QDQ_OPTIMIZATION',
      'OpenVINO: runtime 2025.1.0-000--, openvino-python 2025.1.0',
      'NPU driver: intel-npu-driver 1.16.0-1.fc44',
    ]);
  });

  it("names the compiler version the runtime gave as the default compiler's (it is read from the core, not from a forced run)", () => {
    const runtime = runtimeInfo('NPU', { properties: { NPU_COMPILER_VERSION: '7.21', NPU_DRIVER_VERSION: '1747894263' } });
    const npu = dies('NPU', { stderr: [...SEED_WARNINGS, ...SEED_CRASH], runtime });
    const d = npuCompilerVersionMismatch.diagnose(seedFacts(judged(device('NPU', npu), device('CPU', passes('CPU')))));
    expect(d?.evidence).toContain("NPU driver: intel-npu-driver 1.16.0-1.fc44, NPU_DRIVER_VERSION 1747894263, compiler 7.21 (the default compiler's)");
  });

  it('does not fire on a crash without the warnings', () => {
    expect(npuCompilerVersionMismatch.diagnose(seedFacts(judged(device('NPU', dies('NPU', { stderr: SEED_CRASH })), device('CPU', passes('CPU')))))).toBeNull();
  });
});
