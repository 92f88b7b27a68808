import { describeCommandFailure } from '../../host/runner.js';
import type { ProbeContext } from '../types.js';
import type { KernelLogSource } from './follow-types.js';
import type { KernelLogLine } from './kernel-event.js';
import { NO_JOURNAL, NO_PERMISSION } from './journal-follower.js';
import { npuKernelLog } from './npu-kernel-line.js';
import { parseJournalRecord } from './parse-journal-record.js';
import { readKmsgOnce } from './read-kmsg-once.js';

// How many of the boot's latest kernel records one read looks at: a boot's kernel log is a few thousand records;
// one flooded by a driver is cut to its latest records (the firmware loaded at boot may then be out of reach).
export const KERNEL_RECORDS_READ = 20_000;

// This boot's kernel messages, read once and not followed (systemd, man/journalctl.xml): --dmesg (-k) "show only
// kernel messages", adding the match _TRANSPORT=kernel; --boot=0 this boot; --output=json one JSON object per record
// with its __CURSOR and __REALTIME_TIMESTAMP; --output-fields=MESSAGE prints only MESSAGE besides "the __CURSOR,
// __REALTIME_TIMESTAMP, __MONOTONIC_TIMESTAMP, and _BOOT_ID fields [that] are always printed", so a record is a
// few hundred bytes (a journalctl too old to know the option exits non-zero, and the kmsg device is read instead);
// --lines=N "show the most recent journal events and limit the number of events shown" bounds the read; --all keeps a MESSAGE over 4096 bytes (else null); --no-pager. No --quiet: it would hide
// the notice that says the user may not read the system journal (journal-follower.ts NO_PERMISSION).
export const JOURNALCTL_ONE_SHOT = ['--dmesg', '--boot=0', '--output=json', '--output-fields=MESSAGE', `--lines=${KERNEL_RECORDS_READ}`, '--all', '--no-pager'];

// This boot's NPU kernel lines with their times, oldest first (the latest KERNEL_LOG_LINES), and where they were
// read; lines null when neither the journal nor the kmsg device could be read.
export interface KernelLogRead {
  source: KernelLogSource | null;
  lines: KernelLogLine[] | null;
}

// Reasons already logged by this process: each is one log line, not one per inventory run.
const logged = new Set<string>();

// Reads this boot's kernel log once: the journal first (the same choice as the follower, kernel-follower.ts), the
// kmsg device under the configured dev root where the journal cannot be used (no journalctl, no permission, no
// journal in a container). Neither: one log line, no lines; nothing else depends on it.
export async function readKernelLogOnce(ctx: ProbeContext): Promise<KernelLogRead> {
  const journal = await readJournalOnce(ctx);
  if ('lines' in journal) return { source: 'journal', lines: journal.lines };
  const kmsg = readKmsgOnce(ctx.paths, ctx.clock.now());
  if ('records' in kmsg) {
    if (kmsg.malformed > 0) ctx.log.debug({ source: 'kmsg', malformed: kmsg.malformed }, 'kernel log records skipped');
    once(ctx, 'info', `kernel log read from the kmsg device: ${journal.unusable}`);
    return { source: 'kmsg', lines: npuKernelLog(kmsg.records) };
  }
  once(ctx, 'warn', `kernel log not read: ${journal.unusable}, and ${kmsg.unusable}; no kernel evidence in the diagnosis`);
  return { source: null, lines: null };
}

async function readJournalOnce(ctx: ProbeContext): Promise<{ lines: KernelLogLine[] } | { unusable: string }> {
  const result = await ctx.run('journalctl', JOURNALCTL_ONE_SHOT, { signal: ctx.signal });
  if (result.notFound) return { unusable: 'journalctl is not installed' };
  const stderr = result.stderr.split('\n');
  if (stderr.some((line) => NO_PERMISSION.test(line))) return { unusable: "npu-watch's user may not read the system journal (add it to the systemd-journal group)" };
  if (stderr.some((line) => NO_JOURNAL.test(line))) return { unusable: 'there is no journal (a container?)' };
  if (result.exitCode !== 0 || result.timedOut || result.startError) return { unusable: describeCommandFailure(result) };
  const records = [];
  let malformed = 0;
  for (const line of result.stdout.split('\n')) {
    const record = parseJournalRecord(line);
    if (record === null) continue;
    if ('malformed' in record) malformed += 1;
    else records.push(record);
  }
  // "-- No entries --" is a line of its own where the boot has no kernel record: counted here, and harmless.
  if (malformed > 0) ctx.log.debug({ source: 'journal', malformed }, 'kernel log lines skipped');
  return { lines: npuKernelLog(records) };
}

function once(ctx: ProbeContext, level: 'info' | 'warn', message: string): void {
  if (logged.has(message)) return;
  logged.add(message);
  ctx.log[level]({ event: 'kernel_log' }, message);
}
