import type { CanaryOutcome } from '../canary/outcome.js';
import { KERNEL_FAILURE_KINDS, type KernelLogLine } from '../probes/kernel/kernel-event.js';
import { npuVerdict } from './facts.js';
import type { DiagnoseFacts } from './types.js';

// "kernel: Recovering the NPU (reset #1) at 10:02:14, 3 s before the NPU canary failed with ZE_RESULT_ERROR_DEVICE_LOST":
// a kernel line as evidence, with the time it was logged (the host's local time, as journalctl shows it) and how far
// it is from the end of the NPU's last canary run (pure but for the time zone). No canary time: the time alone.
export function kernelEvidence(entry: KernelLogLine, facts: DiagnoseFacts): string {
  const head = `kernel: ${entry.line.trim()} at ${clockTime(entry.at)}`;
  const canary = npuVerdict(facts)?.canary ?? null;
  const finished = canary?.finished_at ? Date.parse(canary.finished_at) : Number.NaN;
  if (canary === null || canary.result === 'skipped' || !Number.isFinite(finished)) return head;
  const delta = finished - entry.at;
  const distance = Math.abs(delta) < 1000 ? 'as' : `${duration(Math.abs(delta))} ${delta > 0 ? 'before' : 'after'}`;
  return `${head}, ${distance} the NPU canary ${canaryEnd(canary)}`;
}

// "passed", or "failed with <its signature>" (its result where it has none).
function canaryEnd(canary: CanaryOutcome): string {
  return canary.result === 'ok' ? 'passed' : `failed with ${canary.signature ?? canary.result}`;
}

// HH:MM:SS in the local time zone.
export function clockTime(at: number): string {
  const date = new Date(at);
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${pad(date.getHours())}:${pad(date.getMinutes())}:${pad(date.getSeconds())}`;
}

// "3 s", "4 min", "2 h 5 min" (rounded down to whole seconds, minutes).
export function duration(ms: number): string {
  const seconds = Math.floor(ms / 1000);
  if (seconds < 120) return `${seconds} s`;
  const minutes = Math.floor(seconds / 60);
  if (minutes < 120) return `${minutes} min`;
  return `${Math.floor(minutes / 60)} h ${minutes % 60} min`;
}

// How many of the NPU driver's failure lines a rule quotes (the latest ones).
const FAILURE_LINES_QUOTED = 3;

// The NPU driver's failure lines this boot (failed firmware requests and boots, failed probes, job timeouts,
// recoveries, resets, MMU faults: KERNEL_FAILURE_KINDS, never the loader's fallback), the latest few, each as
// kernelEvidence; none when the kernel log was not read or has none.
export function kernelFailureEvidence(facts: DiagnoseFacts, limit = FAILURE_LINES_QUOTED): string[] {
  const failures = (facts.kernel_log ?? []).filter((entry) => entry.event !== null && KERNEL_FAILURE_KINDS.has(entry.event.kind));
  return failures.slice(Math.max(0, failures.length - limit)).map((entry) => kernelEvidence(entry, facts));
}

// Whether npu-watch read this boot's kernel log (else a rule still tells the user to look with dmesg).
export function kernelLogRead(facts: DiagnoseFacts): boolean {
  return facts.kernel_log !== null && facts.kernel_log !== undefined;
}
