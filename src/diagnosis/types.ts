import type { DeviceVerdict } from '../canary/canary-pass.js';
import type { RuntimeRef } from '../canary/runtime-ref.js';
import type { TryEntry } from '../canary/try-results.js';
import type { DeviceReport } from '../probes/device/types.js';
import type { Inventory } from '../probes/inventory/types.js';
import type { KernelLogLine } from '../probes/kernel/kernel-event.js';

// One conclusion drawn from probe results, in the words of the seed's "Root Cause Analysis".
export interface Diagnosis {
  id: string;
  summary: string;
  evidence: string[];
  next_step: string;
  // Public threads where this failure and its fix are described (the knowledge base's sources).
  see?: string[];
  // The runtime whose canary this diagnosis reads, when the pass tested more than one ([[runtimes]]).
  runtime?: RuntimeRef;
}

// Everything the diagnosis looks at: the host probes (null where a probe failed or has not run), the last
// canary pass, and the configured speed ranges.
export interface DiagnoseFacts {
  device: DeviceReport | null;
  inventory: Inventory | null;
  // The last canary pass's verdicts; null (or empty) before any canary has run.
  verdicts: DeviceVerdict[] | null;
  // Expected decode tok/s per device (config), e.g. { NPU: [20, 40] }; "NPU" also covers "NPU.0"; none: no speed rule.
  expected_tokens_per_second?: Record<string, [number, number]>;
  // This boot's NPU kernel lines with their times and parsed events, oldest first (the inventory's one-shot read, or
  // in the daemon what its follower saw); null or absent when the kernel log was not read.
  kernel_log?: KernelLogLine[] | null;
  // What `npu-watch try-openvino` found on this host (the state dir's try-openvino.json); absent or empty: never run.
  tried_versions?: readonly TryEntry[];
}

// One diagnosis rule: at most one diagnosis from the facts (pure). When it fires, the rules it names in
// `suppresses` (later in the list) are not run: what they would say is explained by this one.
export interface DiagnosisRule {
  id: string;
  // What it speaks about: the host (hardware, driver, node, firmware), every runtime at once, or (default) one
  // runtime's canary: the diagnosed one (facts.ts diagnosedRuntime).
  scope?: 'host' | 'runtimes';
  suppresses?: readonly string[];
  // Whether this finding suppresses them on these facts (default: always). A known failure met only in the kernel
  // log does not explain a canary failure by itself: a reset hours earlier in the boot must not hide the compiler's.
  suppressesWhen?: (facts: DiagnoseFacts) => boolean;
  diagnose(facts: DiagnoseFacts): Diagnosis | null;
}
