import { countCompilerWarnings } from '../../../../src/canary/failure-signature.js';
import type { WorkerRun } from '../../../../src/canary/launcher.js';
import type { DiagnoseFacts } from '../../../../src/diagnosis/types.js';
import type { KnownFailureFixture } from '../../../helpers/known-failure-fixture.js';
import { device, judged, passes, seedFacts } from '../canary-fixtures.js';

// A worker whose canary passed and which then aborted (SIGABRT) while compiling the LLM for the benchmark, its
// native output ending with `stderr`: classifyRun turns that into a passed canary and a benchmark error.
export function abortsCompilingLlm(deviceName: string, stderr: string[]): WorkerRun {
  const ok = passes(deviceName);
  const stderrTail = `${stderr.join('\n')}\n`;
  return {
    ...ok,
    messages: [
      ...ok.messages,
      { type: 'stage_start', stage: 'benchmark_load' },
      { type: 'stage_end', stage: 'benchmark_load', seconds: 0.8 },
      { type: 'stage_start', stage: 'benchmark_compile' },
    ],
    exitCode: null,
    signal: 'SIGABRT',
    stderrTail,
    compilerWarnings: countCompilerWarnings(stderrTail),
  };
}

// The NPU's canary passes, then the compiler aborts on the LLM with the thread's text.
export function factsMeeting(fixture: KnownFailureFixture): DiagnoseFacts {
  return seedFacts(judged(device('NPU', abortsCompilingLlm('NPU', fixture.lines)), device('CPU', passes('CPU'))));
}
