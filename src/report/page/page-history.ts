import { parseStatusKey, type ComponentVersionChanges, type DeviceStatus, type StatusEvent } from '../../status/types.js';
import { formatDate } from './format-date.js';
import type { ResultRecord } from './results-history.js';

export interface HistoryEntry {
  at: string;
  // What the entry is about: "NPU (openvino-node)", a device on a runtime; null for a change of the host.
  device: string | null;
  text: string;
}

// "NPU (openvino-node)": the status machine keeps one state per runtime and device.
function subjectOf(device: string, runtime: string | null): string {
  return runtime === null ? device : `${device} (${runtime})`;
}

// The components named beside a broken period when nothing changed after it ("with …").
const KEY_COMPONENTS = ['intel-npu-driver', 'intel-driver-compiler-npu', 'linux-npu-driver', 'openvino-node', 'openvino-python'];

// The daemon's state changes as sentences, oldest first (pure): "broken since 2025-11-23 08:00 UTC with
// intel-npu-driver 1.16.0-1.fc44 (compile_crash: …)", "working since … after the update to intel-npu-driver
// 1.17.0-1.fc43". The versions at each moment are the current ones with the later version changes undone.
export function historyOf(
  events: readonly StatusEvent[],
  devices: Record<string, DeviceStatus>,
  current: Record<string, string>,
  results: readonly ResultRecord[],
): HistoryEntry[] {
  const sorted = [...events].sort((a, b) => a.at - b.at || a.id - b.id);
  const entries: HistoryEntry[] = [];
  for (const event of sorted) {
    const at = formatDate(event.at);
    const subject = event.device === null ? null : subjectOf(event.device, event.runtime?.name ?? null);
    if (event.kind === 'stopped_working') {
      const versions = versionsAt(sorted, current, event.at);
      const laterChanges = changesAfter(sorted, event.at);
      const named = namedVersions(versions, laterChanges);
      entries.push({ at: new Date(event.at).toISOString(), device: subject, text: `${subject} broken since ${at}${named ? ` with ${named}` : ''} (${failure(event.detail.result, event.detail.signature)})` });
    } else if (event.kind === 'started_working') {
      // Broken since before the machine's first event (unknown → broken says nothing): the kept results say when.
      const brokenSince = event.detail.old_state === 'broken' && !entries.some((entry) => entry.device === subject) ? firstFailureBefore(results, event.device, event.runtime?.name ?? null, event.at) : null;
      if (brokenSince) {
        const at = Date.parse(brokenSince.at);
        const named = namedVersions(versionsAt(sorted, current, at), changesAfter(sorted, at));
        entries.push({ at: brokenSince.at, device: subject, text: `${subject} broken since ${formatDate(at)}${named ? ` with ${named}` : ''} (${failure(brokenSince.result, brokenSince.signature)})` });
      }
      const update = describeUpdate(event.detail.changed_components);
      entries.push({ at: new Date(event.at).toISOString(), device: subject, text: `${subject} working since ${at}${update ? ` after the update to ${update}` : ''}` });
    } else if (event.kind === 'failing_differently') {
      const update = describeUpdate(event.detail.changed_components);
      entries.push({
        at: new Date(event.at).toISOString(),
        device: subject,
        text: `${subject} failing differently since ${at}${update ? ` after the update to ${update}` : ''}: ${failure(event.detail.result, event.detail.signature)}`,
      });
    } else if (event.kind === 'component_changed') {
      entries.push({ at: new Date(event.at).toISOString(), device: null, text: `${at}: ${describeChanges(event.detail.changed_components)}` });
    } else if (event.kind === 'slower_than_expected' || event.kind === 'kernel_event') {
      entries.push({ at: new Date(event.at).toISOString(), device: subject, text: `${at}: ${event.summary}` });
    }
  }
  // A device broken (or working) since before the kept events: its state's own date.
  for (const [key, status] of Object.entries(devices)) {
    if (status.state === 'unknown' || status.since === null) continue;
    const { runtime, device: name } = parseStatusKey(key);
    const device = subjectOf(name, runtime);
    if (entries.some((entry) => entry.device === device && /(broken|working) since/.test(entry.text))) continue;
    const versions = namedVersions(versionsAt(sorted, current, status.since), changesAfter(sorted, status.since));
    entries.push({ at: new Date(status.since).toISOString(), device, text: `${device} ${status.state} since ${formatDate(status.since)}${versions ? ` with ${versions}` : ''}` });
  }
  return entries.sort((a, b) => a.at.localeCompare(b.at));
}

// The first failure of the run of failures that ends just before `at`, from the kept results.
function firstFailureBefore(results: readonly ResultRecord[], device: string, runtime: string | null, at: number): ResultRecord | null {
  const before = results.filter((record) => record.device === device && (record.runtime?.name ?? null) === runtime && Date.parse(record.at) < at);
  let first: ResultRecord | null = null;
  for (const record of before.reverse()) {
    if (record.working) break;
    first = record;
  }
  return first;
}

// The versions installed at `at`: the current ones with every later component change undone.
function versionsAt(sorted: readonly StatusEvent[], current: Record<string, string>, at: number): Record<string, string> {
  const versions = { ...current };
  for (const event of [...sorted].reverse()) {
    if (event.at <= at) break;
    if (event.kind !== 'component_changed') continue;
    for (const [component, change] of Object.entries(event.detail.changed_components)) {
      if (change.from === null) delete versions[component];
      else versions[component] = change.from;
    }
  }
  return versions;
}

function changesAfter(sorted: readonly StatusEvent[], at: number): Set<string> {
  const names = new Set<string>();
  for (const event of sorted) {
    if (event.at > at && event.kind === 'component_changed') for (const name of Object.keys(event.detail.changed_components)) names.add(name);
  }
  return names;
}

// What changed later (what the fix may have been), else the NPU's driver and runtime.
function namedVersions(versions: Record<string, string>, later: Set<string>): string {
  const names = later.size > 0 ? [...later] : KEY_COMPONENTS;
  return names
    .filter((name) => versions[name] !== undefined)
    .map((name) => `${name} ${versions[name]}`)
    .join(', ');
}

function describeUpdate(changes: ComponentVersionChanges): string {
  return Object.entries(changes)
    .filter(([, change]) => change.to !== null)
    .map(([name, change]) => `${name} ${change.to}`)
    .join(', ');
}

function describeChanges(changes: ComponentVersionChanges): string {
  return Object.entries(changes)
    .map(([name, { from, to }]) => (from === null ? `${name} ${to} installed` : to === null ? `${name} ${from} removed` : `${name} ${from} → ${to}`))
    .join(', ');
}

function failure(result: string, signature: string | null): string {
  return signature ? `${result}: ${signature}` : result;
}
