import { describe, expect, it } from 'vitest';
import { diagnose } from '../../../../src/diagnosis/diagnose.js';
import { readKnownFailureFixture } from '../../../helpers/known-failure-fixture.js';
import { device, judged, kernelLogOf, passes, seedFacts } from '../canary-fixtures.js';

describe('npu-left-powered-after-failed-probe', () => {
  it('is not diagnosed from the power-down warning alone, when intel_vpu did not fail to probe', () => {
    // The thread's warning line without the failed probe after it: the warning a busy NPU's power-down also logs.
    const warningOnly = readKnownFailureFixture('npu-left-powered-after-failed-probe').lines.filter((line) => line.includes('ivpu_hw_power_down'));
    const facts = seedFacts(judged(device('NPU', passes('NPU')), device('CPU', passes('CPU'))), { kernel_log: kernelLogOf(warningOnly) });
    expect(diagnose(facts).map((d) => d.id)).not.toContain('npu-left-powered-after-failed-probe');
  });
});
