import type { DeviceVerdict } from '../canary/canary-pass.js';
import { diagnoseCanaries } from './canary-rules.js';
import { diagnoseDevice, type HostFacts } from './device-rules.js';
import type { Diagnosis } from './types.js';

// Everything the diagnosis looks at: the host probes, and the last canary pass when there was one.
export interface DiagnoseFacts extends HostFacts {
  // The last canary pass's verdicts; null (or empty) before any canary has run.
  verdicts: DeviceVerdict[] | null;
  // Expected decode tok/s per device (config), e.g. { NPU: [20, 40] }; none given: no speed rule.
  expected_tokens_per_second?: Record<string, [number, number]>;
}

// The whole Root Cause Analysis in one ordered list (pure): hardware, driver, node and firmware first
// (diagnoseDevice), then runtime, control, Level Zero, compiler and LLM (diagnoseCanaries); each id once.
export function diagnose(facts: DiagnoseFacts): Diagnosis[] {
  const host = diagnoseDevice(facts);
  const canaries = diagnoseCanaries({
    verdicts: facts.verdicts ?? [],
    components: facts.inventory?.components ?? [],
    expected_tokens_per_second: facts.expected_tokens_per_second ?? {},
    hardware: facts.device,
  });
  const byId = new Map<string, Diagnosis>();
  for (const diagnosis of [...host, ...canaries]) if (!byId.has(diagnosis.id)) byId.set(diagnosis.id, diagnosis);
  return [...byId.values()];
}
