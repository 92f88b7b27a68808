import { describe, expect, it } from 'vitest';
import { cpuFailsToo } from '../../../../src/diagnosis/rules/cpu-fails-too.js';
import { SEED_CRASH, device, judged, passes, rejects, seedFacts } from '../canary-fixtures.js';

const ZE_ERROR = SEED_CRASH.slice(0, 2).join('\n');

describe('cpu-fails-too', () => {
  it('fires with the control first, the others marked when they fail the same way', () => {
    const d = cpuFailsToo.diagnose(seedFacts(judged(device('NPU', rejects('NPU', ZE_ERROR)), device('CPU', rejects('CPU', ZE_ERROR)))));
    expect(d?.evidence).toEqual([
      'CPU (the control): compile_error during compile: L0 pfnCreate2 result: ZE_RESULT_ERROR_UNKNOWN, code 0x7ffffffe',
      'NPU: compile_error during compile, the same signature as CPU',
      'OpenVINO: runtime 2025.1.0-000--, openvino-python 2025.1.0',
    ]);
  });

  it('does not fire when the CPU control passes', () => {
    expect(cpuFailsToo.diagnose(seedFacts(judged(device('NPU', rejects('NPU', ZE_ERROR)), device('CPU', passes('CPU')))))).toBeNull();
  });
});
