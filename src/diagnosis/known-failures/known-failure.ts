import type { DeviceVerdict } from '../../canary/canary-pass.js';
import type { CompilerRun } from '../../canary/outcome.js';
import type { KernelLogLine } from '../../probes/kernel/kernel-event.js';
import { verdictsOf } from '../facts.js';
import { kernelEvidence } from '../kernel-evidence.js';
import type { DiagnoseFacts, Diagnosis, DiagnosisRule } from '../types.js';

// Where the text of a real failure shows up, as the diagnosis sees it:
// - canary: a canary run's message and the end of its worker's native output (every device, every compiler);
// - benchmark: the LLM benchmark's error message and its worker's native output;
// - kernel: this boot's NPU kernel lines (DiagnoseFacts.kernel_log), each with the time it was logged.
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
  // A kernel line: the line as read, with its time and parsed event.
  kernel?: KernelLogLine;
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
  if (seenIn.includes('kernel')) for (const entry of facts.kernel_log ?? []) lines.push({ where: 'kernel', line: entry.line, kernel: entry });
  return lines;
}

// A diagnosis rule for one known failure: fires on the first line its pattern matches (and its condition), says that
// the failure matches a known one (text alone is never proof), and names the thread.
export function knownFailureRule(failure: KnownFailure): DiagnosisRule {
  return {
    id: failure.id,
    suppresses: failure.suppresses ?? (failure.devices === 'gpu' ? ['gpu-canary-fails'] : ['npu-canary-fails', 'npu-driver-compiler-fails']),
    // Met in a run's own text (or recognised from the facts), it explains that run's failure; met only in the kernel
    // log, the generic rules still say what the canary did.
    suppressesWhen: (facts) => !isTextKnownFailure(failure) || textEvidence(failure, facts)?.where !== KERNEL_LOG,
    diagnose(facts): Diagnosis | null {
      const recognised = isTextKnownFailure(failure) ? null : failure.recognise(facts);
      const seen = isTextKnownFailure(failure) ? textEvidence(failure, facts) : recognised === null ? null : { where: 'What npu-watch saw', evidence: recognised };
      if (seen === null) return null;
      return {
        id: failure.id,
        summary: `${seen.where} matches a known failure: ${failure.title}`,
        evidence: [seen.evidence, `known failure: ${failure.meaning}`],
        next_step: `${failure.fix} (see ${failure.source})`,
        see: [failure.source],
      };
    },
  };
}

// Where the text was met and the evidence line, or null when the text or condition is not there: "NPU: <the first
// matching line>" from a canary or benchmark; from the kernel log the latest matching line (the one nearest the
// canary), with its time and its distance to the canary's end ("kernel: … at 10:02:14, 3 s before the NPU canary
// failed with …", kernel-evidence.ts), and how many lines matched when more than one did.
const KERNEL_LOG = 'The kernel log';

function textEvidence(failure: TextKnownFailure, facts: DiagnoseFacts): { where: string; evidence: string } | null {
  if (failure.when && !failure.when(facts)) return null;
  const hits = textLines(facts, failure.seen_in, failure.devices).filter(({ line }) => failure.pattern.test(line));
  const first = hits[0];
  if (!first) return null;
  if (!first.kernel) return { where: first.where, evidence: `${first.where}: ${first.line.trim()}` };
  const kernelHits = hits.filter((hit) => hit.kernel !== undefined);
  const latest = kernelHits.at(-1)!.kernel!;
  const more = kernelHits.length > 1 ? ` (the latest of ${kernelHits.length} such lines this boot)` : '';
  return { where: KERNEL_LOG, evidence: `${kernelEvidence(latest, facts)}${more}` };
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
