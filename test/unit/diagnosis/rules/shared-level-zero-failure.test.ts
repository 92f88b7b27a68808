import { describe, expect, it } from 'vitest';
import { sharedLevelZeroFailure } from '../../../../src/diagnosis/rules/shared-level-zero-failure.js';
import { SEED_CRASH, SEED_SIGNATURE, device, dies, judged, seedFacts, seedPass } from '../canary-fixtures.js';

describe('shared-level-zero-failure', () => {
  it("fires on the seed's pass: the same signature on NPU and GPU while CPU works", () => {
    const d = sharedLevelZeroFailure.diagnose(seedFacts(seedPass()));
    expect(d?.evidence.slice(0, 4)).toEqual([
      `the same failure signature on NPU and GPU: ${SEED_SIGNATURE}`,
      'NPU: compile_crash (SIGABRT) during compile',
      'GPU: compile_crash (SIGABRT) during compile',
      'CPU (the control): ok, the same canary compiles and matches the reference',
    ]);
  });

  it('does not fire without the CPU control', () => {
    const verdicts = judged(device('NPU', dies('NPU', { stderr: SEED_CRASH })), device('GPU', dies('GPU', { stderr: SEED_CRASH })));
    expect(sharedLevelZeroFailure.diagnose(seedFacts(verdicts))).toBeNull();
  });
});
