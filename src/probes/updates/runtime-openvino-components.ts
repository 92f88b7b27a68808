import type { ComponentSource } from '../inventory/types.js';
import { openvinoUpdate, type OpenvinoKind } from './openvino-releases.js';
import type { OpenvinoRelease } from './types.js';

// A runtime's OpenVINO as a component: "openvino (python3)". Its version comes from the canary (what the runtime
// reported), so a runtime installed by path, outside every package database, still has one.
export function runtimeComponent(runtimeName: string): string {
  return `openvino (${runtimeName})`;
}

// A runtime as its canary last reported it (canary/runtime-ref.ts RuntimeRef satisfies it).
export interface ReportedRuntime {
  name: string;
  kind: OpenvinoKind;
  openvino_version: string | null;
}

// One runtime's OpenVINO as a component beside the inventory's, with the update its index offers. `known`: the
// runtime's index answered (false: offline, or not asked yet), so that "no update" is told from "unknown".
export interface RuntimeOpenvinoComponent {
  component: string;
  version: string;
  source: ComponentSource;
  update: string | null;
  known: boolean;
}

// The OpenVINO of each runtime that reported its version, with its update from the updates probe's releases (null:
// the probe has not answered); a runtime that never reported a version has no component (pure).
export function runtimeOpenvinoComponents(runtimes: readonly ReportedRuntime[], releases: readonly OpenvinoRelease[] | null): RuntimeOpenvinoComponent[] {
  return runtimes.flatMap((runtime) => {
    if (runtime.openvino_version === null) return [];
    const release = releases?.find((r) => r.runtime === runtime.name && r.kind === runtime.kind) ?? null;
    return [
      {
        component: runtimeComponent(runtime.name),
        version: runtime.openvino_version,
        source: runtime.kind === 'python' ? 'python' : 'npm',
        update: openvinoUpdate(runtime.openvino_version, release?.newest ?? null),
        known: release !== null,
      },
    ];
  });
}
