import type { DiagnoseFacts } from '../../../../src/diagnosis/types.js';
import { CPU_TOKENS, GARBAGE_TOKENS, benchmark, device, judged, passes, seedFacts } from '../canary-fixtures.js';

// The NPU's canary passes and its LLM decode finishes at full speed with tokens unlike CPU's. The thread's table is
// not something npu-watch reads: the token agreement alone identifies the failure.
export function factsMeeting(): DiagnoseFacts {
  const npu = passes('NPU', { benchmark: benchmark(31, GARBAGE_TOKENS) });
  return seedFacts(judged(device('NPU', npu), device('CPU', passes('CPU', { benchmark: benchmark(12, CPU_TOKENS) }))));
}
