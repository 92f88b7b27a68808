import type { DeviceVerdict } from '../canary/canary-pass.js';
import { isCpu, isNpu } from '../canary/device-names.js';
import type { Component } from '../probes/inventory/types.js';
import type { DiagnoseFacts } from './types.js';

// The inventory's components; none when the inventory probe failed or has not run.
export function componentsOf(facts: DiagnoseFacts): Component[] {
  return facts.inventory?.components ?? [];
}

// The last canary pass's verdicts; none before any canary has run.
export function verdictsOf(facts: DiagnoseFacts): DeviceVerdict[] {
  return facts.verdicts ?? [];
}

// The NPU's verdict in the last canary pass ("NPU" or "NPU.0"), null when it was not asked.
export function npuVerdict(facts: DiagnoseFacts): DeviceVerdict | null {
  return verdictsOf(facts).find((v) => isNpu(v.device)) ?? null;
}

// The CPU control's verdict in the last canary pass, null when it was not asked.
export function cpuVerdict(facts: DiagnoseFacts): DeviceVerdict | null {
  return verdictsOf(facts).find((v) => isCpu(v.device)) ?? null;
}
