import type { DeviceVerdict } from '../../canary/canary-pass.js';
import type { CompilerRun } from '../../canary/outcome.js';
import { verdictsOf } from '../facts.js';
import type { DiagnoseFacts, Diagnosis, DiagnosisRule } from '../types.js';

// Where the text of a real failure shows up, as the diagnosis sees it:
// - canary: a canary run's message and the end of its worker's native output (every device, every compiler);
// - benchmark: the LLM benchmark's error message and its worker's native output;
// - kernel: this boot's intel_vpu kernel log lines (DiagnoseFacts.kernel_log).
export type KnownFailureText = 'canary' | 'benchmark' | 'kernel';

// What every knowledge-base entry has: one real failure of the Intel NPU stack on Linux, as posted in a public thread,
// whose thread's text is kept verbatim in test/fixtures/known-failures/<id>.txt together with its source.
interface KnownFailureBase {
  id: string;
  // What went wrong, for people: "The NPU compiler and the firmware disagree on the mapped-inference version".
  title: string;
  // Only these devices' runs are looked at; default: the NPU only.
  devices?: 'npu' | 'gpu' | 'any';
  // What it means, and the fix that resolved it in the thread (or, for an open thread, the step it asks for).
  meaning: string;
  fix: string;
  // The thread: https://github.com/<owner>/<repo>/issues/<n> (or a distribution tracker's bug page).
  source: string;
  // Rules this one explains (later in DIAGNOSIS_RULES); default: the generic NPU rules npu-canary-fails and
  // npu-driver-compiler-fails (an entry on the GPU: gpu-canary-fails).
  suppresses?: readonly string[];
}

// An entry recognised by its text: the fixture's lines are what npu-watch meets, and a test holds the pattern to them.
export interface TextKnownFailure extends KnownFailureBase {
  seen_in: readonly KnownFailureText[];
  // Matched per line; the first line that matches is quoted as evidence.
  pattern: RegExp;
  // A structural condition on the facts beyond the text (e.g. "the canary passed"); default: none.
  when?: (facts: DiagnoseFacts) => boolean;
}

// An entry with no text of its own in what npu-watch sees (silent garbage, a device missing from OpenVINO's list):
// recognised from the facts alone. Its fixture keeps the thread's own evidence (`where: thread`), for people.
export interface StructuralKnownFailure extends KnownFailureBase {
  // The evidence line when the facts show this failure, else null (pure).
  recognise: (facts: DiagnoseFacts) => string | null;
}

export type KnownFailure = TextKnownFailure | StructuralKnownFailure;

// Whether an entry is recognised by its text (else from the facts alone).
export function isTextKnownFailure(failure: KnownFailure): failure is TextKnownFailure {
  return 'pattern' in failure;
}

// One place a line of text came from, named for the evidence line.
export interface TextLine {
  where: string;
  line: string;
}

// The lines of text a known failure is looked for in (pure).
export function textLines(facts: DiagnoseFacts, seenIn: readonly KnownFailureText[], devices: KnownFailure['devices'] = 'npu'): TextLine[] {
  const lines: TextLine[] = [];
  const verdicts = verdictsOf(facts).filter((verdict) => deviceMatches(verdict, devices));
  for (const verdict of verdicts) {
    if (seenIn.includes('canary')) {
      for (const run of [verdict.canary, ...(verdict.compilers ?? [])]) lines.push(...runLines(verdict.device, run));
    }
    // The benchmark runs in the default run's worker: a benchmark that died leaves its last words in that worker's
    // native output, besides the error npu-watch wrote for it ("worker killed by SIGABRT during benchmark_compile").
    if (seenIn.includes('benchmark') && verdict.benchmark_error) {
      const where = `${verdict.device} benchmark`;
      lines.push(...split(where, verdict.benchmark_error.message), ...split(where, verdict.canary.stderr_tail), ...split(where, verdict.canary.stdout_tail));
    }
  }
  if (seenIn.includes('kernel')) for (const line of facts.kernel_log ?? []) lines.push({ where: 'kernel', line });
  return lines;
}

// A diagnosis rule for one known failure: fires on the first line its pattern matches (and its condition), says that
// the failure matches a known one (text alone is never proof), and names the thread.
export function knownFailureRule(failure: KnownFailure): DiagnosisRule {
  return {
    id: failure.id,
    suppresses: failure.suppresses ?? (failure.devices === 'gpu' ? ['gpu-canary-fails'] : ['npu-canary-fails', 'npu-driver-compiler-fails']),
    diagnose(facts): Diagnosis | null {
      const seen = isTextKnownFailure(failure) ? textEvidence(failure, facts) : failure.recognise(facts);
      if (seen === null) return null;
      return {
        id: failure.id,
        summary: `${isTextKnownFailure(failure) ? seen.split(': ')[0] : 'What npu-watch saw'} matches a known failure: ${failure.title}`,
        evidence: [seen, `known failure: ${failure.meaning}`],
        next_step: `${failure.fix} (see ${failure.source})`,
        see: [failure.source],
      };
    },
  };
}

// "NPU: <the first matching line>" (where it was met, then the line), or null when the text or condition is not there.
function textEvidence(failure: TextKnownFailure, facts: DiagnoseFacts): string | null {
  if (failure.when && !failure.when(facts)) return null;
  const hit = textLines(facts, failure.seen_in, failure.devices).find(({ line }) => failure.pattern.test(line));
  if (!hit) return null;
  return `${hit.where === 'kernel' ? 'The kernel log' : hit.where}: ${hit.line.trim()}`;
}

function deviceMatches(verdict: DeviceVerdict, devices: KnownFailure['devices']): boolean {
  const name = verdict.device.toUpperCase();
  if (devices === 'any') return true;
  return name.startsWith(devices === 'gpu' ? 'GPU' : 'NPU');
}

function runLines(device: string, run: CompilerRun): TextLine[] {
  const where = run.compiler ? `${device} with NPU_COMPILER_TYPE=${run.compiler}` : device;
  // Native text comes on both streams (the NPU plugin's logger prints on stdout).
  return [...split(where, run.message ?? ''), ...split(where, run.stderr_tail), ...split(where, run.stdout_tail)];
}

function split(where: string, text: string): TextLine[] {
  return text
    .split('\n')
    .filter((line) => line.trim() !== '')
    .map((line) => ({ where, line }));
}
