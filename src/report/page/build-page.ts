import path from 'node:path';
import { statusKey, type StatusEvent } from '../../status/types.js';
import type { CheckReport, DeviceEntry } from '../check-report.js';
import { describeCanary, describeCompilerRun } from '../render-canary.js';
import type { HostIdentity } from './host-identity.js';
import type { PageError, PageModel, PerformancePoint } from './page-model.js';
import { performancePointsOf, type ResultRecord } from './results-history.js';
import { historyOf } from './page-history.js';
import { pageRuntimeOf } from './page-runtime.js';

// Everything the page is built from: the check report (devices, components, diagnosis, the daemon's state), the
// whole kept event log, this boot's NPU kernel lines, the host identity the probes do not read, the kept
// benchmark figures, when the canary last ran and when it runs next.
export interface PageInputs {
  report: CheckReport;
  events: readonly StatusEvent[];
  kernel_lines: string[] | null;
  host: HostIdentity;
  // The kept canary outcomes (with benchmark figures), oldest first.
  results: readonly ResultRecord[];
  // Epoch ms; null when no canary has run.
  last_tested: number | null;
  next_check: Date | null;
}

// The most stderr kept per failure on the page (the worker's own tail is longer).
const STDERR_EXCERPT_LINES = 20;

// The page model (pure).
export function buildPageModel(inputs: PageInputs): PageModel {
  const { report } = inputs;
  const versions = Object.fromEntries(report.components.map((c) => [c.component, c.version]));
  const npu = report.devices.map((d) => d.hardware).find((hw) => hw !== null && 'generation' in hw) ?? null;
  const statuses = report.status?.devices ?? {};
  const performance = performancePointsOf(inputs.results);
  return {
    npu_watch_version: report.version,
    generated_at: report.generated_at,
    system: {
      distribution: versions.os ?? null,
      kernel: versions.kernel ?? null,
      cpu: inputs.host.cpu,
      machine: [inputs.host.vendor, inputs.host.model].filter((part) => part !== null).join(' ') || null,
      npu: npu && 'generation' in npu ? `${npu.generation} NPU (${hex(npu.vendorId)}:${hex(npu.deviceId)}${npu.revision ? ` rev ${hex(npu.revision)}` : ''}) at ${npu.pciAddress}` : null,
      npu_generation: npu && 'generation' in npu ? npu.generation : null,
    },
    devices: report.devices.map((entry) => {
      const status = (entry.runtime ? statuses[statusKey(entry.runtime.name, entry.device)] : undefined) ?? null;
      return {
        device: entry.device,
        runtime: pageRuntimeOf(entry.runtime, entry.canary?.runtime),
        working: entry.working,
        state: status?.state ?? null,
        since: status?.since === null || status?.since === undefined ? null : new Date(status.since).toISOString(),
        lines: deviceLines(entry),
      };
    }),
    errors: report.devices.flatMap((entry) => errorOf(entry)),
    kernel_lines: inputs.kernel_lines,
    components: report.components.map((c) => ({ component: c.component, version: c.version, source: c.source, update: c.update && c.update.version !== c.version ? c.update.version : null })),
    diagnosis: report.diagnosis.map((d) => ({ id: d.id, summary: d.summary, evidence: d.evidence, next_step: d.next_step, see: d.see ?? [] })),
    performance: { latest: latestPerformance(performance), history: performance },
    history: historyOf(inputs.events, statuses, versions, inputs.results),
    last_tested: inputs.last_tested === null ? null : new Date(inputs.last_tested).toISOString(),
    next_check: inputs.next_check?.toISOString() ?? null,
  };
}

function deviceLines(entry: DeviceEntry): { ok: boolean | null; text: string }[] {
  if (entry.present === null) return [{ ok: null, text: 'unknown: the device probe failed' }];
  if (!entry.present) return [{ ok: false, text: 'not found on this machine' }];
  const lines: { ok: boolean | null; text: string }[] = [];
  const hw = entry.hardware;
  if (hw && 'generation' in hw) {
    lines.push({ ok: true, text: `hardware: ${hw.generation} NPU at ${hw.pciAddress}` });
    lines.push(hw.driver ? { ok: true, text: `driver ${hw.driver}${hw.driverVersion ? ` ${hw.driverVersion}` : ''} bound` } : { ok: false, text: 'no driver bound' });
    // The node's name under /dev (the configured dev root is the host's business, not the page's).
    if (hw.node) lines.push({ ok: hw.node.accessible, text: `/dev/accel/${path.basename(hw.node.path)} (${hw.node.mode}, group ${hw.node.group ?? hw.node.gid})${hw.node.accessible ? '' : ' not readable and writable by npu-watch'}` });
    else if (hw.driver) lines.push({ ok: false, text: 'no /dev/accel node' });
  } else if (hw) {
    lines.push({ ok: true, text: `hardware: Intel GPU at ${hw.pciAddress}${hw.driver ? `, driver ${hw.driver}` : ''}` });
  }
  if (entry.openvino_listed !== null) lines.push({ ok: entry.openvino_listed, text: entry.openvino_listed ? 'OpenVINO lists it' : 'OpenVINO does not list it' });
  const canary = entry.canary;
  if (canary === null) lines.push({ ok: null, text: 'inference not verified: no canary has run' });
  else lines.push({ ok: canary.result === 'ok', text: `canary: ${canaryText(canary)}` });
  for (const run of entry.compilers ?? []) {
    lines.push({ ok: run.result === 'unsupported' ? null : run.result === 'ok', text: `compiler ${run.compiler ?? 'default'}: ${withoutDuration(describeCompilerRun(run))}` });
  }
  const b = entry.benchmark;
  if (b) {
    const agreement = b.token_agreement === null ? '' : `, ${Math.round(b.token_agreement * 100)}% of tokens agree with CPU`;
    lines.push({ ok: b.agreement_ok !== false, text: `LLM ${b.model}: benchmarked${agreement} (figures under Performance)` });
  } else if (entry.benchmark_error) {
    lines.push({ ok: false, text: `LLM benchmark failed in ${entry.benchmark_error.stage ?? 'start-up'}: ${entry.benchmark_error.message}` });
  }
  return lines;
}

// A canary in words, without its duration (a page is compared across runs; the duration is on /status).
function canaryText(canary: NonNullable<DeviceEntry['canary']>): string {
  return withoutDuration(describeCanary(canary));
}
const withoutDuration = (text: string) => text.replace(/, \d+(\.\d+)? s(?=$| \()/, '');

function errorOf(entry: DeviceEntry): PageError[] {
  const canary = entry.canary;
  if (canary === null || canary.result === 'ok' || canary.result === 'skipped') return [];
  const tail = [canary.stderr_tail, canary.stdout_tail].filter((text) => text.trim() !== '').join('\n');
  return [
    {
      device: entry.device,
      runtime: pageRuntimeOf(entry.runtime, canary.runtime),
      result: canary.result,
      stage: canary.stage,
      ended_by: canary.signal ?? (canary.exit_code !== null && canary.exit_code !== 0 ? `exit ${canary.exit_code}` : null),
      signature: canary.signature,
      message: canary.message,
      stderr_excerpt: tail.trimEnd().split('\n').slice(-STDERR_EXCERPT_LINES).join('\n'),
      compiler_warnings: canary.compiler_warnings,
    },
  ];
}

// The newest point per device and runtime, in the order of the devices' first appearance.
function latestPerformance(points: readonly PerformancePoint[]): PerformancePoint[] {
  const latest = new Map<string, PerformancePoint>();
  for (const point of points) latest.set(`${point.device}\0${point.runtime.name}\0${point.runtime.openvino_version}`, point);
  return [...latest.values()];
}

const hex = (text: string) => text.replace(/^0x/, '');
