import type { DiagnoseFacts } from '../../../../src/diagnosis/types.js';
import type { KnownFailureFixture } from '../../../helpers/known-failure-fixture.js';
import { CPU_TOKENS, GARBAGE_TOKENS, benchmark, device, judged, passes, seedFacts } from '../canary-fixtures.js';

// The NPU's canary passes and its LLM decode finishes at full speed with tokens unlike CPU's. The thread's text is
// not something npu-watch reads (it is the reporter's table); it is placed in the NPU worker's native output only
// so that the rule's pattern has a line to quote: the token agreement is what identifies the failure.
export function factsMeeting(fixture: KnownFailureFixture): DiagnoseFacts {
  const npu = { ...passes('NPU', { benchmark: benchmark(31, GARBAGE_TOKENS) }), stderrTail: `${fixture.lines.join('\n')}\n` };
  return seedFacts(judged(device('NPU', npu), device('CPU', passes('CPU', { benchmark: benchmark(12, CPU_TOKENS) }))));
}
