import { z } from 'zod';
import { kernelEventKind } from '../probes/kernel/kernel-event.js';
import { runtimeRefSchema } from '../canary/runtime-ref.js';
import { CANARY_RESULTS } from '../canary/types.js';

// The shapes of the status machine, written once as zod schemas: status.json and `npu-watch notify` validate
// with them, and the types are derived from them.

const count = z.number().int().min(0);
// Epoch milliseconds.
const epochMs = z.number();
const result = z.enum(CANARY_RESULTS);

// A device's debounced state, what alerts and notifications follow.
export const deviceStateSchema = z.enum(['unknown', 'working', 'broken']);
export type DeviceState = z.infer<typeof deviceStateSchema>;

// Per-device memory of the status machine (persisted in the state dir).
export const deviceStatusSchema = z.object({
  state: deviceStateSchema,
  // Consecutive verified passes / failures since the last change of result.
  passes: count,
  failures: count,
  // The failure signature of the last failed run (null after a pass).
  signature: z.string().nullable(),
  // When `state` last changed, epoch ms (null while unknown).
  since: epochMs.nullable(),
});
export type DeviceStatus = z.infer<typeof deviceStatusSchema>;

// The machine keeps one status per runtime and device (config [[runtimes]] names have no "/"): "openvino-node/NPU".
export function statusKey(runtime: string, device: string): string {
  return `${runtime}/${device}`;
}

// The runtime and device of a status key (the runtime name is everything before the first "/").
export function parseStatusKey(key: string): { runtime: string; device: string } {
  const slash = key.indexOf('/');
  return { runtime: key.slice(0, slash), device: key.slice(slash + 1) };
}

// What the machine is fed after each canary pass for one runtime on one device.
export const canaryObservationSchema = z.object({
  device: z.string(),
  // The runtime the canary ran on, with the OpenVINO version it reported.
  runtime: runtimeRefSchema,
  at: epochMs,
  working: z.boolean(),
  result,
  signature: z.string().nullable(),
  // Decode tok/s when benchmarked, for the expected-range check.
  tokens_per_second: z.number().nullable(),
  // Average package power during the benchmark's decode, when measured (absent in files from before it was kept).
  watts: z.number().nullable().default(null),
  // Component versions at the time, to name what changed in a "started working" event.
  components: z.record(z.string(), z.string()),
});
export type CanaryObservation = z.output<typeof canaryObservationSchema>;

// The debouncing the user chose (config [status]).
export interface StatusPolicy {
  // Verified passes in a row before "working" (default 1).
  passes_to_working: number;
  // Failures in a row before "broken" (default 2).
  failures_to_broken: number;
  // Expected decode tok/s range per device, e.g. { NPU: [20, 40] } from the seed's table.
  expected_tokens_per_second: Record<string, [number, number]>;
}

// Status events: one member of one discriminated union per kind, each with its own detail. The status
// machine builds them (status-events.ts); status.json, /events, the webhook, the journal and the desktop
// notifier carry or read this shape.

// Component versions that differ between two observations, as { component: { from, to } }
// (null: not installed on that side).
export const componentVersionChangesSchema = z.record(z.string(), z.object({ from: z.string().nullable(), to: z.string().nullable() }));
export type ComponentVersionChanges = z.infer<typeof componentVersionChangesSchema>;

// What every event has besides its id: what happened (`summary`, one line for logs) and when; the runtime whose
// canary it is about (null: about the device whatever runs on it, e.g. a kernel event; absent in older files).
const onDevice = { device: z.string(), runtime: runtimeRefSchema.nullable().default(null), at: epochMs, summary: z.string() };

const startedWorking = z.object({
  kind: z.literal('started_working'),
  ...onDevice,
  detail: z.object({
    result,
    signature: z.string().nullable(),
    // The state the device came from, and the failure it had before (null: it had none).
    old_state: deviceStateSchema,
    old_result: result.nullable(),
    old_signature: z.string().nullable(),
    tokens_per_second: z.number().nullable(),
    watts: z.number().nullable(),
    changed_components: componentVersionChangesSchema,
  }),
});

const stoppedWorking = z.object({
  kind: z.literal('stopped_working'),
  ...onDevice,
  detail: z.object({ result, signature: z.string().nullable(), consecutive_failures: z.number().int().min(1) }),
});

const failingDifferently = z.object({
  kind: z.literal('failing_differently'),
  ...onDevice,
  detail: z.object({
    result,
    signature: z.string().nullable(),
    old_result: result,
    old_signature: z.string().nullable(),
    changed_components: componentVersionChangesSchema,
  }),
});

const slowerThanExpected = z.object({
  kind: z.literal('slower_than_expected'),
  ...onDevice,
  detail: z.object({ result, tokens_per_second: z.number(), expected_tokens_per_second: z.tuple([z.number(), z.number()]) }),
});

const componentChanged = z.object({
  kind: z.literal('component_changed'),
  // A version change belongs to the host, not to one device.
  device: z.null(),
  at: epochMs,
  summary: z.string(),
  detail: z.object({ changed_components: componentVersionChangesSchema }),
});

// The NPU driver reset the NPU or could not load or boot its firmware, as the kernel logged it while the daemon ran.
const kernelEvent = z.object({
  kind: z.literal('kernel_event'),
  ...onDevice,
  detail: z.object({
    kernel_kind: kernelEventKind,
    // The kernel's line as logged, and how many such lines came in the same burst.
    line: z.string(),
    count: z.number().int().min(1),
  }),
});

const id = { id: z.number().int().min(1) };

// Something worth telling the user; ids increase and are never reused (SSE replay relies on it).
export const statusEventSchema = z.discriminatedUnion('kind', [
  startedWorking.extend(id),
  stoppedWorking.extend(id),
  failingDifferently.extend(id),
  slowerThanExpected.extend(id),
  componentChanged.extend(id),
  kernelEvent.extend(id),
]);
export type StatusEvent = z.output<typeof statusEventSchema>;
export type StatusEventKind = StatusEvent['kind'];
// The member of the union for one kind.
export type StatusEventOf<K extends StatusEventKind> = Extract<StatusEvent, { kind: K }>;
// A status event before the event log gives it its id.
export type StatusEventDraft = StatusEvent extends infer E ? (E extends StatusEvent ? Omit<E, 'id'> : never) : never;

// Every event kind, in the union's order (derived from it, so a new member is listed here by itself).
export const STATUS_EVENT_KINDS: readonly StatusEventKind[] = statusEventSchema.options.map((member) => member.shape.kind.value);
