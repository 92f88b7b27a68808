import type { CanaryResult } from '../canary/types.js';

// A device's debounced state, what alerts and notifications follow.
export type DeviceState = 'unknown' | 'working' | 'broken';

// Per-device memory of the status machine (persisted in the state dir).
export interface DeviceStatus {
  state: DeviceState;
  // Consecutive verified passes / failures since the last change of result.
  passes: number;
  failures: number;
  // The failure signature of the last failed run (null after a pass).
  signature: string | null;
  // When `state` last changed, epoch ms (null while unknown).
  since: number | null;
}

// What the machine is fed after each canary pass for one device.
export interface CanaryObservation {
  device: string;
  at: number;
  working: boolean;
  result: CanaryResult;
  signature: string | null;
  // Decode tok/s when benchmarked, for the expected-range check.
  tokens_per_second: number | null;
  // Average package power during the benchmark's decode, when measured.
  watts?: number | null;
  // Component versions at the time, to name what changed in a "started working" event.
  components: Record<string, string>;
}

export type StatusEventKind =
  | 'started_working'
  | 'stopped_working'
  | 'failing_differently'
  | 'component_changed'
  | 'slower_than_expected';

// Something worth telling the user; ids increase and are never reused (SSE replay relies on it).
export interface StatusEvent {
  id: number;
  kind: StatusEventKind;
  device: string | null;
  at: number;
  summary: string;
  detail: Record<string, unknown>;
}

// The debouncing the user chose (config [status]).
export interface StatusPolicy {
  // Verified passes in a row before "working" (default 1).
  passes_to_working: number;
  // Failures in a row before "broken" (default 2).
  failures_to_broken: number;
  // Expected decode tok/s range per device, e.g. { NPU: [20, 40] } from the seed's table.
  expected_tokens_per_second: Record<string, [number, number]>;
}
