import { z } from 'zod';
import { CANARY_RESULTS } from '../canary/types.js';
import type { CanaryObservation, DeviceStatus, StatusEvent, StatusEventKind } from './types.js';

// What status.json holds: the machine's per-device memory and the event log, so a restart repeats nothing.
export interface StatusStoreData {
  version: 1;
  devices: Record<string, DeviceStatus>;
  last_observations: Record<string, CanaryObservation>;
  next_event_id: number;
  events: StatusEvent[];
}

// Every event kind, listed once (the Record makes the compiler check none is missing).
const EVENT_KINDS = {
  started_working: true,
  stopped_working: true,
  failing_differently: true,
  component_changed: true,
  slower_than_expected: true,
} satisfies Record<StatusEventKind, true>;

const count = z.number().int().min(0);
const epochMs = z.number();

const deviceStatus = z.object({
  state: z.enum(['unknown', 'working', 'broken']),
  passes: count,
  failures: count,
  signature: z.string().nullable(),
  since: epochMs.nullable(),
});

const observation = z.object({
  device: z.string(),
  at: epochMs,
  working: z.boolean(),
  result: z.enum(CANARY_RESULTS),
  signature: z.string().nullable(),
  tokens_per_second: z.number().nullable(),
  components: z.record(z.string(), z.string()),
});

const event = z.object({
  id: z.number().int().min(1),
  kind: z.enum(Object.keys(EVENT_KINDS) as [StatusEventKind, ...StatusEventKind[]]),
  device: z.string().nullable(),
  at: epochMs,
  summary: z.string(),
  detail: z.record(z.string(), z.unknown()),
});

// The shape status.json must have to be trusted; anything else is treated as corrupt.
export const statusStoreSchema: z.ZodType<StatusStoreData> = z
  .object({
    version: z.literal(1),
    devices: z.record(z.string(), deviceStatus),
    last_observations: z.record(z.string(), observation),
    next_event_id: z.number().int().min(1),
    events: z.array(event),
  })
  .superRefine((data, ctx) => {
    for (const [device, seen] of Object.entries(data.last_observations)) {
      if (seen.device !== device) ctx.addIssue({ code: 'custom', path: ['last_observations', device, 'device'], message: `expected "${device}"` });
    }
    data.events.forEach((e, index) => {
      if (index > 0 && e.id <= (data.events[index - 1]?.id ?? 0)) ctx.addIssue({ code: 'custom', path: ['events', index, 'id'], message: 'ids must increase' });
      if (e.id >= data.next_event_id) ctx.addIssue({ code: 'custom', path: ['events', index, 'id'], message: 'at or above next_event_id' });
    });
  });

// One line saying why a value is not a valid status store: "devices.NPU.state: Invalid option …".
export function describeSchemaProblem(error: z.ZodError): string {
  const issue = error.issues[0];
  if (!issue) return 'invalid';
  const where = issue.path.map(String).join('.');
  return where ? `${where}: ${issue.message}` : issue.message;
}
