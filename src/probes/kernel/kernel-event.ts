import { z } from 'zod';

// What an intel_vpu kernel line can say, one name per upstream message (parse-kernel-event.ts names each
// message's source). `firmware_candidate_missing` is the firmware loader not finding one of the names ivpu
// tries in turn: a normal fallback when a later name loads (intel/linux-npu-driver#93), never a failure.
export const KERNEL_EVENT_KINDS = [
  'firmware_loaded',
  'firmware_candidate_missing',
  'firmware_request_failed',
  'probe_failed',
  'firmware_boot_failed',
  'job_timeout',
  'recovery_triggered',
  'npu_reset',
  'mmu_fault',
] as const;
export const kernelEventKind = z.enum(KERNEL_EVENT_KINDS);
export type KernelEventKind = z.infer<typeof kernelEventKind>;

// One parsed intel_vpu kernel line. Fields beyond `kind` and `line` are there when the message carries them.
export const kernelEventSchema = z.object({
  kind: kernelEventKind,
  // The message as the kernel logged it (no timestamp prefix added by dmesg or journalctl).
  line: z.string(),
  // PCI address of the NPU, e.g. '0000:00:0b.0', when the line names it.
  device: z.string().optional(),
  // firmware_loaded: the file under /lib/firmware and its version string.
  file: z.string().optional(),
  version: z.string().optional(),
  // The negative errno of a failure (-2 is ENOENT).
  errno: z.number().int().optional(),
  // npu_reset: the driver's reset counter; recovery_triggered: the reason (e.g. "TDR", "MMU").
  reset: z.number().int().optional(),
  reason: z.string().optional(),
});
export type KernelEvent = z.infer<typeof kernelEventSchema>;

// The kinds that are no failure: a load, and the loader's fallback.
const NOT_FAILURES: readonly KernelEventKind[] = ['firmware_loaded', 'firmware_candidate_missing'];

// The kinds that mean the NPU failed or was reset: every other kind.
export const KERNEL_FAILURE_KINDS: ReadonlySet<KernelEventKind> = new Set(KERNEL_EVENT_KINDS.filter((kind) => !NOT_FAILURES.includes(kind)));

// One of this boot's NPU kernel lines as npu-watch read it (the journal or the kmsg device, once or followed): when
// it was logged, its text, and the event it reports. `event` is null for an intel_vpu line that is none of the
// kinds above (e.g. ivpu_hw_power_down()'s "NPU not idle during power down"): the diagnosis matches those by text.
export const kernelLogLineSchema = z.object({
  // ms since the epoch: the journal's __REALTIME_TIMESTAMP, or for kmsg the boot time plus the record's stamp.
  at: z.number(),
  line: z.string(),
  event: kernelEventSchema.nullable(),
});
export type KernelLogLine = z.infer<typeof kernelLogLineSchema>;
