import type { CanaryOutcome, CompilerRunResult } from './outcome.js';

// As much of a canary outcome as the describer needs: the status machine keeps only result and signature,
// the diagnosis has the whole outcome (or a forced compiler's run, whose result may be `unsupported`).
export type DescribedOutcome = { result: CompilerRunResult } & Pick<CanaryOutcome, 'signature'> &
  Partial<Pick<CanaryOutcome, 'stage' | 'signal' | 'exit_code' | 'message'>>;

// "compile_crash (SIGABRT) during compile", "wrong_output during verify". A run whose canary passed but that
// was not verified (its LLM tokens disagree with the CPU's) reads "unverified".
export function describeOutcome(canary: DescribedOutcome): string {
  const result = canary.result === 'ok' ? 'unverified' : canary.result;
  const exitCode = canary.exit_code ?? null;
  const how = canary.signal ? ` (${canary.signal})` : exitCode !== null && exitCode !== 0 ? ` (exit ${exitCode})` : '';
  const where = canary.stage ? ` during ${canary.stage}` : '';
  return `${result}${how}${where}`;
}

// What went wrong in people's words: a crash by its signature, an error by the message's last line
// (OpenVINO puts the real text after its "Exception from <file>:<line>:" frames).
export function failureText(canary: DescribedOutcome): string | null {
  const message = lastLine(canary.message ?? null);
  if (canary.result.endsWith('_crash')) return canary.signature ?? message;
  return message ?? canary.signature;
}

// The one way a failed canary reads, in logs, events, notifications and the diagnosis:
// "compile_crash (SIGABRT) during compile: ZE_RESULT_ERROR_UNKNOWN 0x7ffffffe …", "timeout".
export function describeFailure(canary: DescribedOutcome): string {
  const text = failureText(canary);
  return text ? `${describeOutcome(canary)}: ${text}` : describeOutcome(canary);
}

// The last non-empty line of a message, bounded for one evidence line (`max` characters).
export function lastLine(text: string | null, max = 160): string | null {
  if (text === null) return null;
  const line = text
    .split('\n')
    .map((l) => l.trim())
    .filter((l) => l !== '')
    .at(-1);
  if (line === undefined) return null;
  return line.length > max ? `${line.slice(0, max - 1)}…` : line;
}
