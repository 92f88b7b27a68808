import type { Component } from '../probes/inventory/types.js';
import { runtimeComponent } from '../probes/updates/runtime-openvino-components.js';

export interface ComponentChange {
  component: string;
  from: string | null;
  to: string | null;
}

// What changed between two inventories: versions changed, components added or removed (pure).
export function diffComponents(before: Component[], after: Component[]): ComponentChange[] {
  const old = new Map(before.map((c) => [c.component, c.version]));
  const now = new Map(after.map((c) => [c.component, c.version]));
  const names = [...new Set([...old.keys(), ...now.keys()])].sort();
  return names
    .map((component) => ({ component, from: old.get(component) ?? null, to: now.get(component) ?? null }))
    .filter((change) => change.from !== change.to);
}

// "intel-npu-driver 1.16.0-1.fc44 → 1.17.0-1.fc43", "openvino-node installed 2025.4.0", "… removed".
export function describeChange(change: ComponentChange): string {
  if (change.from === null) return `${change.component} installed: ${change.to}`;
  if (change.to === null) return `${change.component} removed (was ${change.from})`;
  return `${change.component} ${change.from} → ${change.to}`;
}

// A runtime's OpenVINO as a component: "openvino (python3)" (named where the updates probe, below, needs it too).
export { runtimeComponent } from '../probes/updates/runtime-openvino-components.js';

// The runtimes whose OpenVINO version differs from the last pass's (pure): each is a component change, and the
// canary runs again. A runtime seen for the first time, or one that reported no version, is no change.
export function runtimeVersionChanges(before: Map<string, string>, after: Map<string, string | null>): ComponentChange[] {
  const changes: ComponentChange[] = [];
  for (const [name, to] of after) {
    const from = before.get(name);
    if (from !== undefined && to !== null && from !== to) changes.push({ component: runtimeComponent(name), from, to });
  }
  return changes;
}
