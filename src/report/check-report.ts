import type { DeviceVerdict } from '../canary/canary-pass.js';
import type { CanaryOutcome, CompilerRun } from '../canary/outcome.js';
import type { RuntimeRef } from '../canary/runtime-ref.js';
import type { TryEntry } from '../canary/try-results.js';
import { isCpu, isListed } from '../canary/device-names.js';
import { diagnose } from '../diagnosis/diagnose.js';
import type { DiagnoseFacts, Diagnosis } from '../diagnosis/types.js';
import type { DeviceReport, GpuDevice, NpuDevice } from '../probes/device/types.js';
import type { ComponentSource, FirmwareInventory } from '../probes/inventory/types.js';
import { runtimeOpenvinoComponents } from '../probes/updates/runtime-openvino-components.js';
import type { KernelLogLine } from '../probes/kernel/kernel-event.js';
import { REPORTED_PROBES } from '../probes/registry.js';
import type { DeviceStatus, StatusEvent } from '../status/types.js';
import type { ProbePass } from './probe-pass.js';

export interface DeviceEntry {
  device: string;
  // The runtime whose canary this entry shows ([[runtimes]]); null until a canary has run. One entry per runtime
  // and device, runtime by runtime in the order they ran.
  runtime: RuntimeRef | null;
  // null when the device probe failed.
  present: boolean | null;
  // null until a canary has asked OpenVINO.
  openvino_listed: boolean | null;
  // null until a canary has run: npu-watch never calls a device working without one.
  working: boolean | null;
  canary: CanaryOutcome | null;
  // NPU: the canary with each compiler forced (NPU_COMPILER_TYPE=DRIVER, PLUGIN); `unsupported` where the runtime refuses the value.
  compilers: CompilerRun[] | null;
  benchmark: DeviceVerdict['benchmark'];
  benchmark_error: DeviceVerdict['benchmark_error'];
  hardware: NpuDevice | GpuDevice | null;
}

export interface ComponentEntry {
  component: string;
  version: string;
  source: ComponentSource;
  detail?: string;
  update: { version: string; repository: string | null } | null;
}

// `npu-watch check --json`, as DESIGN.md's contract fixes it.
export interface CheckReport {
  version: string;
  generated_at: string;
  devices: DeviceEntry[];
  // The last canary pass: its runtimes in the order they ran, and how long the whole pass took (null: none ran).
  canary_pass: { runtimes: RuntimeRef[]; duration_seconds: number } | null;
  components: ComponentEntry[];
  // The NPU firmware files on the kernel's search path and which one it loads for each name (null: no inventory).
  firmware: FirmwareInventory | null;
  updates: { status: 'ok'; manager: string } | { status: 'no_data' | 'failed'; reason: string } | null;
  diagnosis: Diagnosis[];
  // The daemon's debounced state per device and its recent status events (null from a one-shot check
  // that found no daemon state).
  status: { devices: Record<string, DeviceStatus>; recent_events: StatusEvent[] } | null;
  probes: { probe: string; success: boolean; error: string | null; started_at: string; duration_seconds: number }[];
}

export interface CheckReportOptions {
  expected_tokens_per_second?: Record<string, [number, number]>;
  // This boot's NPU kernel lines from elsewhere than the inventory's one-shot read (the daemon's follower, which saw
  // the whole boot and goes on live); absent: the inventory's.
  kernel_log?: KernelLogLine[];
  status?: CheckReport['status'];
  // What `npu-watch try-openvino` found (canary/try-results.ts), for the diagnosis.
  tried_versions?: readonly TryEntry[];
}

// What the diagnosis looks at from one probe pass (pure): the host probes, the last canaries, the configured speeds,
// and this boot's NPU kernel lines with their times: the caller's (the daemon's follower), else those the inventory
// read (null when the kernel log or the inventory could not be read).
export function diagnoseFactsOf(pass: ProbePass, options: CheckReportOptions): DiagnoseFacts {
  const inventory = pass.probes.inventory?.data ?? null;
  return {
    device: pass.probes.device?.data ?? null,
    inventory,
    verdicts: pass.canaries?.devices ?? null,
    expected_tokens_per_second: options.expected_tokens_per_second ?? {},
    kernel_log: options.kernel_log ?? inventory?.kernelLog ?? null,
    tried_versions: options.tried_versions ?? [],
  };
}

// Builds the report for the asked devices from one probe pass (pure).
export function buildCheckReport(pass: ProbePass, devices: string[], version: string, now: Date, options: CheckReportOptions = {}): CheckReport {
  const deviceReport = pass.probes.device?.data ?? null;
  const inventory = pass.probes.inventory?.data ?? null;
  const updates = pass.probes.updates?.data ?? null;
  const candidates = new Map(updates?.status === 'ok' ? updates.candidates.map((c) => [c.package, c]) : []);
  return {
    version,
    generated_at: now.toISOString(),
    devices: deviceEntries(pass, devices, deviceReport),
    canary_pass: pass.canaries ? { runtimes: runtimesOf(pass.canaries.devices), duration_seconds: pass.canaries.duration_seconds } : null,
    components: [
      ...(inventory?.components ?? []).map((component) => {
        const candidate = candidates.get(component.component);
        return { ...component, update: candidate ? { version: candidate.version, repository: candidate.repository } : null };
      }),
      // Each runtime's own OpenVINO (its version from the canary), with the newer release its index offers.
      ...runtimeOpenvinoComponents(runtimesOf(pass.canaries?.devices ?? []), updates?.openvino ?? null).map(({ component, version, source, update }) => ({
        component,
        version,
        source,
        update: update === null ? null : { version: update, repository: null },
      })),
    ],
    firmware: inventory?.firmware ?? null,
    updates: describeUpdates(pass),
    diagnosis: diagnose(diagnoseFactsOf(pass, options)),
    status: options.status ?? null,
    probes: REPORTED_PROBES.map((name) => pass.probes[name])
      .filter((outcome) => outcome !== null)
      .map((o) => ({
        probe: o.probe,
        success: o.success,
        error: o.error,
        started_at: new Date(o.startedAt).toISOString(),
        duration_seconds: o.durationSeconds,
      })),
  };
}

// The runtimes of a pass's verdicts, in the order they ran.
function runtimesOf(verdicts: DeviceVerdict[]): RuntimeRef[] {
  const seen = new Map<string, RuntimeRef>();
  for (const v of verdicts) if (!seen.has(v.runtime.name)) seen.set(v.runtime.name, v.runtime);
  return [...seen.values()];
}

// One entry per runtime × asked device (runtime by runtime); before any canary, one per device.
function deviceEntries(pass: ProbePass, devices: string[], report: DeviceReport | null): DeviceEntry[] {
  const verdicts = pass.canaries?.devices ?? [];
  const runtimes = runtimesOf(verdicts);
  if (runtimes.length === 0) return devices.map((device) => deviceEntry(device, report, null));
  return runtimes.flatMap((runtime) =>
    devices.map((device) => deviceEntry(device, report, verdicts.find((v) => v.device === device && v.runtime.name === runtime.name) ?? null, runtime)),
  );
}

// 0 when every asked device is verified working with every runtime, 1 otherwise (DESIGN.md's `check` exit codes).
export function checkExitCode(report: CheckReport): 0 | 1 {
  return report.devices.every((entry) => entry.working === true) ? 0 : 1;
}

function deviceEntry(device: string, report: DeviceReport | null, verdict: DeviceVerdict | null, runtimeRef: RuntimeRef | null = null): DeviceEntry {
  const hardware = report === null ? null : hardwareFor(device, report);
  const present = report === null ? null : isCpu(device) || hardware !== null;
  const runtime = verdict?.canary.runtime ?? null;
  return {
    device,
    runtime: verdict?.runtime ?? runtimeRef,
    present,
    openvino_listed: runtime ? isListed(runtime.available_devices, device) : null,
    working: verdict ? verdict.working : null,
    canary: verdict?.canary ?? null,
    compilers: verdict?.compilers ?? null,
    benchmark: verdict?.benchmark ?? null,
    benchmark_error: verdict?.benchmark_error ?? null,
    hardware,
  };
}

// "GPU" and "GPU.0" are the first Intel GPU, "GPU.1" the second (OpenVINO's numbering).
function hardwareFor(device: string, report: DeviceReport): NpuDevice | GpuDevice | null {
  const [kind, index = '0'] = device.split('.');
  if (kind === 'NPU') return report.npus[Number(index)] ?? null;
  if (kind === 'GPU') return report.gpus[Number(index)] ?? null;
  return null;
}

function describeUpdates(pass: ProbePass): CheckReport['updates'] {
  const outcome = pass.probes.updates;
  if (outcome === null) return null;
  if (!outcome.success || outcome.data === null) return { status: 'failed', reason: outcome.error ?? 'unknown error' };
  if (outcome.data.status === 'no_data') return { status: 'no_data', reason: outcome.data.reason };
  return { status: 'ok', manager: outcome.data.manager };
}
