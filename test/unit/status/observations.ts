// Canary observations for the status tests, named after what they stand for.
import type { CanaryObservation, DeviceStatus, StatusPolicy } from '../../../src/status/types.js';

// The seed's crash (failure-signature.test.ts gives the same signature for the seed's log).
export const SEED_SIGNATURE = 'ZE_RESULT_ERROR_UNKNOWN 0x7ffffffe ze_graph_ext_wrappers.cpp:362 assert(__p != nullptr)';
// What the same machine might fail with after a driver update.
export const NEW_DRIVER_SIGNATURE = 'ZE_RESULT_ERROR_INVALID_ARGUMENT 0x78000004 ze_graph_ext_wrappers.cpp:371';

// The seed's Fedora 43 versions, and the same machine after the driver update.
export const FEDORA43 = { 'intel-npu-driver': '1.16.0-1.fc44', openvino: '2025.3.0', kernel: '6.17.1-300.fc43.x86_64' };
export const DRIVER_UPDATED = { ...FEDORA43, 'intel-npu-driver': '1.17.0-1.fc43' };

// The defaults, and the seed's expected range for the NPU (3B int4: 20–40 tok/s).
export const DEFAULT_POLICY: StatusPolicy = { passes_to_working: 1, failures_to_broken: 2, expected_tokens_per_second: { NPU: [20, 40] } };

// The runtime every observation here ran on (the default openvino-node).
export const NODE_RUNTIME = { name: 'openvino-node', kind: 'node', openvino_version: '2025.3.0' } as const;

const base = (over: Partial<CanaryObservation>): CanaryObservation => ({
  device: 'NPU',
  runtime: NODE_RUNTIME,
  at: 0,
  working: false,
  result: 'compile_crash',
  signature: SEED_SIGNATURE,
  tokens_per_second: null,
  watts: null,
  components: FEDORA43,
  ...over,
});

// A verified pass, benchmarked at `tokensPerSecond` (null: no benchmark this run).
export const pass = (tokensPerSecond: number | null = 27.1, components: Record<string, string> = DRIVER_UPDATED): CanaryObservation =>
  base({ working: true, result: 'ok', signature: null, tokens_per_second: tokensPerSecond, components });
// The seed's compile crash.
export const seedCrash = (components: Record<string, string> = FEDORA43): CanaryObservation => base({ components });
// A compile crash with the signature seen after the driver update.
export const newDriverCrash = (components: Record<string, string> = DRIVER_UPDATED): CanaryObservation =>
  base({ signature: NEW_DRIVER_SIGNATURE, components });
// A canary that hung and was killed: no signature, a different result.
export const timeout = (): CanaryObservation => base({ result: 'timeout', signature: null });
// A canary that did not run (a previous worker is stuck).
export const skipped = (): CanaryObservation => base({ result: 'skipped', signature: null });

// Statuses to start a row from, each with the observation the machine remembers.
export interface Start {
  status: DeviceStatus;
  previous: CanaryObservation | null;
}
export const UNKNOWN: Start = { status: { state: 'unknown', passes: 0, failures: 0, signature: null, since: null }, previous: null };
export const BROKEN_AS_IN_SEED: Start = {
  status: { state: 'broken', passes: 0, failures: 5, signature: SEED_SIGNATURE, since: 1 },
  previous: seedCrash(),
};
export const WORKING: Start = { status: { state: 'working', passes: 3, failures: 0, signature: null, since: 1 }, previous: pass() };
export const WORKING_SLOWLY: Start = { ...WORKING, previous: pass(12) };
