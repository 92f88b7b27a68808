import type { CanaryOutcome, CompilerRun } from '../canary/outcome.js';
import { NPU_DOMAIN } from '../power/power-window.js';
import type { PowerWindow } from '../power/types.js';
import type { DeviceEntry } from './check-report.js';

const FAKE = ' [fake runtime: a test result, not a measurement]';

// The canary and benchmark lines of one device in `check`'s table.
// `name` labels the lines: the device, or the device and its runtime when the pass had several.
export function canaryLines(entry: DeviceEntry, name: string = entry.device): string[] {
  const canary = entry.canary;
  if (canary === null) return [`  ? ${name} inference: not verified, no canary has run`];
  const fake = canary.runtime?.fake ? FAKE : '';
  const lines = [`  ${canary.result === 'ok' ? '✓' : '✗'} ${name} canary: ${describeCanary(canary)}${fake}`];
  const used = canary.runtime?.npu_compiler_used;
  if (used) lines.push(`      default configuration compiled with ${used}`);
  for (const run of entry.compilers ?? []) lines.push(`      compiler ${run.compiler ?? 'default'}: ${describeCompilerRun(run)}`);
  if (canary.compiler_warnings > 0) {
    lines.push(`      ${canary.compiler_warnings} "property is not supported by this compiler version" warnings: OpenVINO and the NPU compiler differ in version`);
  }
  const b = entry.benchmark;
  if (b) {
    const agreement =
      b.token_agreement === null ? '' : `; ${Math.round(b.token_agreement * 100)}% of tokens agree with CPU${b.agreement_ok ? '' : ' (too few: output is wrong)'}`;
    lines.push(
      `  ${b.agreement_ok === false ? '✗' : '✓'} ${name} LLM ${b.model}: ${b.tokens_per_second.toFixed(1)} tok/s (±${b.tokens_per_second_stddev.toFixed(1)}), ` +
        `first token ${b.ttft_seconds.toFixed(2)} s, ${b.generated_tokens} tokens × ${b.repetitions}, compile ${b.compile_seconds.toFixed(1)} s ${b.compile_cache}` +
        `${b.npu_compiler_used ? ` with ${b.npu_compiler_used}` : ''}${agreement}${fake}`,
    );
    if (b.power) lines.push(`      power: ${describePower(b.power)}${fake}`);
  } else if (entry.benchmark_error) {
    lines.push(`  ✗ ${name} LLM benchmark failed in ${entry.benchmark_error.stage ?? 'start-up'}: ${entry.benchmark_error.message}`);
  }
  return lines;
}

// "works (max error 0.0012 ≤ 0.03)", "compile_crash in compile (SIGABRT): ZE_RESULT_ERROR_UNKNOWN 0x7ffffffe …".
export function describeCanary(canary: CanaryOutcome): string {
  if (canary.result === 'ok') {
    const error = canary.max_abs_error === null ? '' : ` (max error ${canary.max_abs_error.toPrecision(2)} ≤ ${canary.tolerance?.toPrecision(2)})`;
    return `works${error}, ${canary.duration_seconds.toFixed(1)} s`;
  }
  const where = canary.stage ? ` in ${canary.stage}` : '';
  const how = canary.signal ? ` (${canary.signal})` : canary.exit_code !== null && canary.exit_code !== 0 ? ` (exit ${canary.exit_code})` : '';
  const what = canary.signature ?? canary.message ?? '';
  return `${canary.result}${where}${how}${what ? `: ${what}` : ''}`;
}

// A forced compiler's run: "unsupported by this OpenVINO: Value 'PLUGIN' is not …", or as a canary (with the
// compiler's other name when that is the one the runtime took, e.g. MLIR).
export function describeCompilerRun(run: CompilerRun): string {
  if (run.result === 'unsupported') return `not offered by this OpenVINO: ${run.message?.split('\n').at(-1) ?? 'value refused'}`;
  const used = run.runtime?.npu_compiler_used;
  const alias = used && used !== run.compiler ? ` (as ${used})` : '';
  return `${describeCanary({ ...run, result: run.result })}${alias}`;
}

// "package-0 4.0 W (+2.5 W over idle), npu (PMT) 1.5 W (+1.4 W over idle), 0.130 J/token, NPU 0.047 J/token,
// NPU busy 98%". The npu domain is the NPU's own energy counter in Intel PMT telemetry, a part of the package's.
export function describePower(power: PowerWindow): string {
  const parts = Object.entries(power.watts).map(([domain, watts]) => {
    const above = power.watts_above_baseline[domain];
    const name = domain === NPU_DOMAIN ? `${domain} (PMT)` : domain;
    return `${name} ${watts.toFixed(1)} W${above === undefined ? '' : ` (+${above.toFixed(1)} W over idle)`}`;
  });
  if (parts.length === 0) parts.push('no power source readable');
  if (power.joules_per_token !== null) parts.push(`${power.joules_per_token.toFixed(3)} J/token`);
  if (power.npu_joules_per_token !== null) parts.push(`NPU ${power.npu_joules_per_token.toFixed(3)} J/token`);
  if (power.npu_busy_ratio !== null) parts.push(`NPU busy ${Math.round(power.npu_busy_ratio * 100)}%`);
  return parts.join(', ');
}
