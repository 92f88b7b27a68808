import { z } from 'zod';
import { DEFAULT_NODE_RUNTIME } from '../canary/runtimes.js';
import type { RuntimeRef } from '../canary/runtime-ref.js';
import { canaryObservationSchema, deviceStatusSchema, statusEventSchema, statusKey } from './types.js';

// What status.json holds: the machine's per-runtime-and-device memory (keyed "openvino-node/NPU", types.ts
// statusKey) and the event log, so a restart repeats nothing. Anything else is treated as corrupt.
const currentStoreSchema = z
  .object({
    version: z.literal(2),
    devices: z.record(z.string(), deviceStatusSchema),
    last_observations: z.record(z.string(), canaryObservationSchema),
    next_event_id: z.number().int().min(1),
    events: z.array(statusEventSchema),
  });
type StoreData = z.output<typeof currentStoreSchema>;

// What a parsed store must also hold: observations under their own key, event ids increasing below next_event_id.
function checkConsistency(data: StoreData, ctx: z.RefinementCtx): void {
    for (const [key, seen] of Object.entries(data.last_observations)) {
      const expected = statusKey(seen.runtime.name, seen.device);
      if (expected !== key) ctx.addIssue({ code: 'custom', path: ['last_observations', key], message: `expected the key "${expected}"` });
    }
    data.events.forEach((e, index) => {
      if (index > 0 && e.id <= (data.events[index - 1]?.id ?? 0)) ctx.addIssue({ code: 'custom', path: ['events', index, 'id'], message: 'ids must increase' });
      if (e.id >= data.next_event_id) ctx.addIssue({ code: 'custom', path: ['events', index, 'id'], message: 'at or above next_event_id' });
    });
}

// Before runtimes (version 1): one runtime (the old config's [runtime] module), and state keyed by device alone.
// Its history becomes the default runtime's (openvino-node: what that module was unless a test changed it).
const LEGACY_RUNTIME: RuntimeRef = { name: DEFAULT_NODE_RUNTIME.name, kind: DEFAULT_NODE_RUNTIME.kind, openvino_version: null };
const version1StoreSchema = z
  .object({
    version: z.literal(1),
    devices: z.record(z.string(), deviceStatusSchema),
    last_observations: z.record(z.string(), canaryObservationSchema.omit({ runtime: true })),
    next_event_id: z.number().int().min(1),
    events: z.array(statusEventSchema),
  })
  .transform((old): StoreData => ({
    version: 2 as const,
    devices: Object.fromEntries(Object.entries(old.devices).map(([device, status]) => [statusKey(LEGACY_RUNTIME.name, device), status])),
    last_observations: Object.fromEntries(
      Object.entries(old.last_observations).map(([device, seen]) => [statusKey(LEGACY_RUNTIME.name, device), { ...seen, device, runtime: LEGACY_RUNTIME }]),
    ),
    next_event_id: old.next_event_id,
    events: old.events,
  }));

// The current shape, or an older one migrated to it (nothing of its history lost).
// The version picks the shape, so a problem is named in that shape's terms ("devices.openvino-node/NPU.state: …").
export const statusStoreSchema = z
  .discriminatedUnion('version', [currentStoreSchema, version1StoreSchema], {
    error: (issue) => (typeof issue.input === 'object' && issue.input !== null && !Array.isArray(issue.input) ? 'expected version 1 or 2' : 'expected object'),
  })
  .superRefine(checkConsistency);
export type StatusStoreData = StoreData;
// One line saying why a value is not a valid status store: "devices.NPU.state: Invalid option …".
export function describeSchemaProblem(error: z.ZodError): string {
  const issue = error.issues[0];
  if (!issue) return 'invalid';
  const where = issue.path.map(String).join('.');
  return where ? `${where}: ${issue.message}` : issue.message;
}
