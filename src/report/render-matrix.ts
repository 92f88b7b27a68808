import type { CompilerRun } from '../canary/outcome.js';
import type { CheckReport, DeviceEntry } from './check-report.js';

// `check`'s answer to "which OpenVINO works with this NPU": one row per runtime, one column per device, each cell
// the canary's verdict, and on NPU the compiler its default configuration used and each forced compiler's run:
//
//   Runtime (OpenVINO)           NPU                                                     CPU
//   python3 2025.1.0             ✗ compile_crash with DRIVER; DRIVER ✗ compile_crash, PLUGIN ✗ compile_error   ✓ ok
//   openvino-node 2026.4.0       ✓ ok with PLUGIN; DRIVER ✓ ok, PLUGIN ✓ ok                                      ✓ ok
export function matrixLines(report: CheckReport): string[] {
  const pass = report.canary_pass ?? null;
  if (pass === null || pass.runtimes.length === 0) return [];
  const devices = [...new Set(report.devices.map((entry) => entry.device))];
  const rows = [['Runtime (OpenVINO)', ...devices]];
  for (const runtime of pass.runtimes) {
    const entries = report.devices.filter((entry) => entry.runtime?.name === runtime.name);
    const fake = entries.some((entry) => entry.canary?.runtime?.fake) ? ' [fake]' : '';
    rows.push([
      `${runtime.name} ${runtime.openvino_version ?? '(version unknown)'}${fake}`,
      ...devices.map((device) => cell(entries.find((entry) => entry.device === device) ?? null)),
    ]);
  }
  const widths = rows[0]!.map((_, col) => Math.max(...rows.map((row) => row[col]!.length)));
  const title = `OpenVINO runtimes × devices (canary pass: ${pass.duration_seconds.toFixed(1)} s, one worker at a time)`;
  return ['', title, ...rows.map((row) => `  ${row.map((text, col) => text.padEnd(widths[col]!)).join('   ').trimEnd()}`)];
}

// "✓ ok with PLUGIN; DRIVER ✗ compile_crash, PLUGIN ✓ ok", "✗ runtime_missing", "? not run".
export function cell(entry: DeviceEntry | null): string {
  const canary = entry?.canary ?? null;
  if (entry === null || canary === null) return '? not run';
  const mark = entry.working ? '✓' : '✗';
  const result = canary.result === 'ok' && !entry.working ? 'unverified' : canary.result;
  const used = canary.runtime?.npu_compiler_used;
  const compilers = (entry.compilers ?? []).map(compilerCell).join(', ');
  return `${mark} ${result}${used ? ` with ${used}` : ''}${compilers ? `; ${compilers}` : ''}`;
}

// "DRIVER ✗ compile_crash", "PLUGIN ✓ ok", "PLUGIN not offered".
function compilerCell(run: CompilerRun): string {
  const name = run.compiler ?? 'default';
  if (run.result === 'unsupported') return `${name} not offered`;
  return `${name} ${run.result === 'ok' ? '✓' : '✗'} ${run.result}`;
}
