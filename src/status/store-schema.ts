import { z } from 'zod';
import { canaryObservationSchema, deviceStatusSchema, statusEventSchema } from './types.js';

// What status.json holds: the machine's per-device memory and the event log, so a restart repeats nothing.
// Anything else is treated as corrupt.
export const statusStoreSchema = z
  .object({
    version: z.literal(1),
    devices: z.record(z.string(), deviceStatusSchema),
    last_observations: z.record(z.string(), canaryObservationSchema),
    next_event_id: z.number().int().min(1),
    events: z.array(statusEventSchema),
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
export type StatusStoreData = z.output<typeof statusStoreSchema>;

// One line saying why a value is not a valid status store: "devices.NPU.state: Invalid option …".
export function describeSchemaProblem(error: z.ZodError): string {
  const issue = error.issues[0];
  if (!issue) return 'invalid';
  const where = issue.path.map(String).join('.');
  return where ? `${where}: ${issue.message}` : issue.message;
}
