import type { DiagnoseFacts } from '../../../../src/diagnosis/types.js';
import type { KnownFailureFixture } from '../../../helpers/known-failure-fixture.js';
import { device, judged, notStarted, passes, seedFacts, kernelLogOf } from '../canary-fixtures.js';

// A boot whose kernel log ends with the failed firmware request: intel_vpu's probe failed, so there is no
// /dev/accel node and the launcher never started an NPU worker (the CPU control passes).
export function factsMeeting(fixture: KnownFailureFixture): DiagnoseFacts {
  return seedFacts(judged(notStarted('NPU', 'device_missing', 'no /dev/accel node for the NPU'), device('CPU', passes('CPU'))), { kernel_log: kernelLogOf(fixture.lines) });
}
