import type { DeviceVerdict } from '../canary/canary-pass.js';
import { isCpu, isNpu } from '../canary/device-names.js';
import type { RuntimeRef } from '../canary/runtime-ref.js';
import type { Component } from '../probes/inventory/types.js';
import type { DiagnoseFacts } from './types.js';

// The inventory's components; none when the inventory probe failed or has not run.
export function componentsOf(facts: DiagnoseFacts): Component[] {
  return facts.inventory?.components ?? [];
}

// Every runtime's verdicts in the last canary pass ([[runtimes]] × devices); none before any canary has run.
export function allVerdictsOf(facts: DiagnoseFacts): DeviceVerdict[] {
  return facts.verdicts ?? [];
}

// The runtimes of the last pass, in the order they ran (each verdict carries its own).
export function runtimesOf(facts: DiagnoseFacts): RuntimeRef[] {
  const seen = new Map<string, RuntimeRef>();
  for (const v of allVerdictsOf(facts)) if (!seen.has(v.runtime.name)) seen.set(v.runtime.name, v.runtime);
  return [...seen.values()];
}

// The runtime the per-device rules speak about: the first whose NPU failed (what needs explaining), else the
// first with any device failing, else the first. A rule that reads verdicts reads this runtime's only, so that
// "the NPU works" from one runtime is never said while another crashes on it (that contrast is the
// openvino-versions-on-npu rule's); diagnose() names the runtime when the pass had more than one.
export function diagnosedRuntime(facts: DiagnoseFacts): RuntimeRef | null {
  const verdicts = allVerdictsOf(facts).filter((v) => v.canary.result !== 'skipped');
  const failing = (v: DeviceVerdict) => !v.working;
  const pick = verdicts.find((v) => isNpu(v.device) && failing(v)) ?? verdicts.find(failing) ?? allVerdictsOf(facts)[0];
  return pick?.runtime ?? null;
}

// The diagnosed runtime's verdicts in the last canary pass; none before any canary has run.
export function verdictsOf(facts: DiagnoseFacts): DeviceVerdict[] {
  const runtime = diagnosedRuntime(facts);
  return allVerdictsOf(facts).filter((v) => v.runtime.name === runtime?.name);
}

// The NPU's verdict in the last canary pass ("NPU" or "NPU.0"), null when it was not asked.
export function npuVerdict(facts: DiagnoseFacts): DeviceVerdict | null {
  return verdictsOf(facts).find((v) => isNpu(v.device)) ?? null;
}

// The CPU control's verdict in the last canary pass, null when it was not asked.
export function cpuVerdict(facts: DiagnoseFacts): DeviceVerdict | null {
  return verdictsOf(facts).find((v) => isCpu(v.device)) ?? null;
}
