import { describeFailure } from '../../canary/describe-failure.js';
import { isNpu } from '../../canary/device-names.js';
import { NPU_DRIVER_PACKAGES } from '../../diagnosis/evidence.js';
import type { CheckReport, DeviceEntry } from '../../report/check-report.js';
import { cell } from '../../report/render-matrix.js';
import type { TryEntry } from '../../canary/try-results.js';
import type { TryKind } from './candidates.js';

// One candidate's outcome: its environment's verdicts (from the canary pass), or why it could not be installed.
export type CandidateOutcome =
  | { version: string; kind: TryKind; status: 'tested'; runtime: string; reused: boolean; dir: string; bytes: number }
  | { version: string; kind: TryKind; status: 'install_failed'; reason: string };

// The answer printed by try-openvino (pure): the matrix version × device (× compiler on the NPU), each failure with
// its signature and the diagnosis that speaks of it, and the recommendation.
export function renderTryOpenvino(candidates: CandidateOutcome[], report: CheckReport | null): string {
  const devices = report ? [...new Set(report.devices.map((entry) => entry.device))] : [];
  const fake = report?.devices.some((entry) => entry.canary?.runtime?.fake) ? ' [fake runtime]' : '';
  const kind = candidates[0]?.kind ?? 'python';
  const out = [`OpenVINO versions × devices (${kind === 'python' ? "pip's openvino, each in its own venv" : 'openvino-node, each in its own npm prefix'})${fake}`];
  const rows = [['Version', ...devices]];
  for (const candidate of candidates) {
    if (candidate.status === 'install_failed') {
      rows.push([candidate.version, `✗ install_failed: ${candidate.reason}`]);
      continue;
    }
    const entries = entriesOf(report, candidate.runtime);
    rows.push([candidate.version, ...devices.map((device) => cell(entries.find((entry) => entry.device === device) ?? null))]);
  }
  const widths = rows[0]!.map((_, col) => Math.max(...rows.filter((row) => row.length === rows[0]!.length).map((row) => row[col]!.length)));
  out.push(...rows.map((row) => `  ${row.map((text, col) => (col === row.length - 1 ? text : text.padEnd(widths[col]!))).join('   ')}`.trimEnd()));
  const failures = failureLines(candidates, report);
  if (failures.length > 0) out.push('', 'Failures', ...failures);
  out.push('', 'Recommendation', `  ${recommendation(candidates, report)}`);
  return `${out.join('\n')}\n`;
}

function entriesOf(report: CheckReport | null, runtime: string): DeviceEntry[] {
  return report?.devices.filter((entry) => entry.runtime?.name === runtime) ?? [];
}

// "✗ 2025.1.0 on NPU: compile_crash (SIGABRT) during compile: ZE_RESULT_ERROR_UNKNOWN …", then the diagnosis of that
// runtime ("diagnosis: … [npu-driver-compiler-fails]").
function failureLines(candidates: CandidateOutcome[], report: CheckReport | null): string[] {
  const lines: string[] = [];
  for (const candidate of candidates) {
    if (candidate.status !== 'tested') continue;
    const failed = entriesOf(report, candidate.runtime).filter((entry) => entry.working === false && entry.canary !== null);
    for (const entry of failed) lines.push(`  ✗ ${candidate.version} on ${entry.device}: ${describeFailure(entry.canary!)}`);
    const diagnoses = report?.diagnosis.filter((d) => d.runtime?.name === candidate.runtime) ?? [];
    for (const d of diagnoses) lines.push(`      diagnosis: ${d.summary} [${d.id}]`, `      next: ${d.next_step}`);
  }
  return lines;
}

// The run as kept entries (canary/try-results.ts), one per candidate (pure).
export function tryEntriesOf(candidates: CandidateOutcome[], report: CheckReport | null, at: Date): TryEntry[] {
  const driver = npuDriverOf(report);
  return candidates.map((c) => {
    const base = { kind: c.kind, version: c.version, at: at.toISOString(), npu_driver: driver };
    if (c.status === 'install_failed') return { ...base, install_failed: c.reason, devices: [], fake: false };
    const entries = entriesOf(report, c.runtime);
    return {
      ...base,
      install_failed: null,
      fake: entries.some((entry) => entry.canary?.runtime?.fake === true),
      devices: entries.flatMap((entry) =>
        entry.canary === null
          ? []
          : [{ device: entry.device, result: entry.canary.result, working: entry.working === true, compiler: compilerOf(entry), signature: entry.canary.signature }],
      ),
    };
  });
}

// "intel-npu-driver 1.16.0-1.fc44": the first NPU driver package the inventory found.
function npuDriverOf(report: CheckReport | null): string | null {
  const driver = report?.components.find((c) => NPU_DRIVER_PACKAGES.includes(c.component));
  return driver ? `${driver.component} ${driver.version}` : null;
}

function compilerOf(entry: DeviceEntry): string | null {
  if (!isNpu(entry.device)) return null;
  return entry.canary?.runtime?.npu_compiler_used ?? entry.canary?.runtime?.properties.NPU_COMPILER_TYPE ?? null;
}

// "openvino 2025.2.0 works with intel-npu-driver 1.16.0 on this Lunar Lake NPU; 2025.1.0 crashes in compile with
// the DRIVER compiler" (pure). A version works when every device it ran on works.
export function recommendation(candidates: CandidateOutcome[], report: CheckReport | null): string {
  const pkg = candidates[0]?.kind === 'node' ? 'openvino-node' : 'openvino';
  const tested = candidates.filter((c) => c.status === 'tested');
  const works = tested.filter((c) => versionWorks(report, c.runtime));
  const failing = candidates.filter((c) => c.status !== 'tested' || !versionWorks(report, c.runtime)).map((c) => `${c.version} ${whyNot(report, c)}`);
  const npu = report?.devices.find((entry) => isNpu(entry.device) && entry.hardware !== null)?.hardware;
  const where = npu && 'generation' in npu ? ` on this ${npu.generation} NPU` : ' on this machine';
  const driver = npuDriverOf(report);
  const withDriver = driver ? ` with ${driver}` : '';
  const head =
    works.length === 0
      ? `no tried ${pkg} version works${withDriver}${where}`
      : `${pkg} ${works.map((c) => c.version).join(', ')} ${works.length === 1 ? 'works' : 'work'}${withDriver}${where}`;
  return failing.length > 0 ? `${head}; ${failing.join('; ')}` : head;
}

export function versionWorks(report: CheckReport | null, runtime: string): boolean {
  const entries = entriesOf(report, runtime);
  return entries.length > 0 && entries.every((entry) => entry.working === true);
}

// "crashes in compile with the DRIVER compiler", "hangs in infer", "could not be installed".
function whyNot(report: CheckReport | null, candidate: CandidateOutcome): string {
  if (candidate.status === 'install_failed') return 'could not be installed';
  const entries = entriesOf(report, candidate.runtime);
  const failed = entries.find((entry) => isNpu(entry.device) && entry.working === false) ?? entries.find((entry) => entry.working === false);
  const canary = failed?.canary ?? null;
  if (!failed || canary === null) return 'was not run';
  const compiler = compilerOf(failed);
  const withCompiler = compiler ? ` with the ${compiler} compiler` : '';
  const on = isNpu(failed.device) ? '' : ` on ${failed.device}`;
  const stage = canary.stage ? ` in ${canary.stage}` : '';
  const result = canary.result;
  if (result.endsWith('_crash')) return `crashes${stage}${withCompiler}${on}`;
  if (result === 'timeout') return `hangs${stage}${withCompiler}${on}`;
  if (result === 'ok') return `gives LLM tokens that disagree with CPU's${on}`;
  return `fails${stage} (${result})${withCompiler}${on}`;
}
