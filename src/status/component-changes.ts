import type { Component } from '../probes/inventory/types.js';

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
