import type { GpuDevice, NpuDevice } from '../probes/device/types.js';
import type { CheckReport, DeviceEntry } from './check-report.js';
import { canaryLines } from './render-canary.js';
import { matrixLines } from './render-matrix.js';

// The human form of `check` (and of `status`, which shows a daemon's last pass): the seed's
// "What works / What doesn't", the component versions, the diagnosis.
export function renderCheck(report: CheckReport, title: 'check' | 'status' = 'check'): string {
  const out: string[] = [`npu-watch ${report.version} ${title}, ${report.generated_at}`, '', 'What works ✓ / what doesn\'t ✗'];
  out.push(...worksLines(report));
  out.push(...matrixLines(report));
  out.push('', 'Component versions');
  out.push(...componentTable(report));
  if (report.updates && report.updates.status !== 'ok') out.push(`  (updates not checked: ${report.updates.reason})`);
  out.push(...firmwareLines(report));
  if (report.diagnosis.length > 0) {
    out.push('', 'Diagnosis');
    for (const d of report.diagnosis) {
      out.push(`  ✗ ${d.summary} [${d.id}]`);
      for (const line of d.evidence) out.push(`      evidence: ${line}`);
      out.push(`      next: ${d.next_step}`);
      for (const url of d.see ?? []) out.push(`      see: ${url}`);
    }
  }
  const events = report.status?.recent_events ?? [];
  if (events.length > 0) {
    out.push('', 'Recent status changes (the daemon\'s)');
    for (const event of events.slice(-RECENT_EVENTS_SHOWN)) out.push(`  ${new Date(event.at).toISOString()}  ${event.summary}`);
  }
  const failed = report.probes.filter((probe) => !probe.success);
  if (failed.length > 0) {
    out.push('', 'Probes that failed');
    for (const probe of failed) out.push(`  ✗ ${probe.probe}: ${probe.error}`);
  }
  return `${out.join('\n')}\n`;
}

// Each device once (its hardware), then its canary with each runtime; with more than one runtime each canary line
// names its runtime: "NPU with python3 2025.1.0 canary: compile_crash …".
function worksLines(report: CheckReport): string[] {
  const runtimes = new Set(report.devices.map((entry) => entry.runtime?.name ?? null));
  const devices = [...new Set(report.devices.map((entry) => entry.device))];
  return devices.flatMap((device) => deviceLines(report.devices.filter((entry) => entry.device === device), runtimes.size > 1));
}

function deviceLines(entries: DeviceEntry[], nameRuntime: boolean): string[] {
  const first = entries[0]!;
  const name = first.device;
  if (first.present === null) return [`  ? ${name}: unknown (the device probe failed)`];
  if (!first.present) return [`  ✗ ${name}: not found on this machine`];
  const lines: string[] = [];
  const hw = first.hardware;
  if (hw && 'generation' in hw) lines.push(...npuLines(name, hw));
  else if (hw) lines.push(gpuLine(name, hw));
  else lines.push(`  ✓ ${name}: present`);
  for (const entry of entries) {
    const runtime = entry.runtime ?? null;
    const label = nameRuntime && runtime ? `${name} with ${runtime.name} ${runtime.openvino_version ?? '(version unknown)'}` : name;
    lines.push(...canaryLines(entry, label));
  }
  return lines;
}

function npuLines(name: string, npu: NpuDevice): string[] {
  const rev = npu.revision ? ` rev ${npu.revision.replace(/^0x/, '')}` : '';
  const lines = [`  ✓ ${name} hardware: ${npu.generation} NPU (${id(npu.vendorId)}:${id(npu.deviceId)}${rev}) at ${npu.pciAddress}`];
  lines.push(
    npu.driver
      ? `  ✓ ${name} driver: ${npu.driver}${npu.driverVersion ? ` ${npu.driverVersion}` : ''} bound`
      : `  ✗ ${name} driver: none bound`,
  );
  if (npu.driver) {
    const node = npu.node;
    if (node === null) lines.push(`  ✗ ${name} device node: missing`);
    else {
      const owner = `${node.mode}, group ${node.group ?? node.gid}`;
      lines.push(
        node.accessible
          ? `  ✓ ${name} device node: ${node.path} (${owner}) readable and writable`
          : `  ✗ ${name} device node: ${node.path} (${owner}) not readable and writable by this user`,
      );
    }
  }
  return lines;
}

function gpuLine(name: string, gpu: GpuDevice): string {
  return `  ✓ ${name} hardware: Intel GPU (8086:${id(gpu.deviceId)}) at ${gpu.pciAddress}${gpu.driver ? `, driver ${gpu.driver}` : ''}`;
}

function componentTable(report: CheckReport): string[] {
  if (report.components.length === 0) return ['  (none found)'];
  const rows = [
    ['Component', 'Version', 'Source', 'Update'],
    ...report.components.map((c) => [c.component, c.version, c.source, c.update ? `${c.update.version} available` : '']),
  ];
  const widths = rows[0]!.map((_, col) => Math.max(...rows.map((row) => row[col]!.length)));
  return rows.map((row) => `  ${row.map((cell, col) => cell.padEnd(widths[col]!)).join('  ').trimEnd()}`);
}

// Every NPU firmware file found, in the loader's order, the ones the kernel loads marked (a daemon older than this
// field sends none).
function firmwareLines(report: CheckReport): string[] {
  const firmware = report.firmware ?? null;
  if (firmware === null || firmware.files.length === 0) return [];
  const lines = ['', `NPU firmware files (kernel search path: ${firmware.searchPath.join(', ')})`];
  for (const file of firmware.files) {
    const version = file.unknownBecause === null ? file.version : `${file.version} (${file.unknownBecause})`;
    const loadedFor = firmware.requests.filter((request) => request.loads === file.kernelPath).map((request) => request.name);
    lines.push(`  ${file.kernelPath}  ${version}${loadedFor.length > 0 ? `  ← loaded for ${loadedFor.join(', ')}` : ''}`);
  }
  return lines;
}

const id = (hex: string) => hex.replace(/^0x/, '');
// The table shows the latest few; --json carries all the daemon keeps.
const RECENT_EVENTS_SHOWN = 10;
