import fs from 'node:fs';
import { under, type HostPaths } from '../../host/paths.js';
import { bootEpochMs } from './boot-time.js';
import type { KernelRecord } from './kernel-record.js';
import { parseKmsgRecord } from './parse-kmsg-record.js';

// What one non-blocking read of the kmsg device gave: the records still in the ring buffer (oldest first), or why
// there were none to read.
export type KmsgRead = { records: KernelRecord[]; malformed: number } | { unusable: string };

// At most this much of the device is read (the ring buffer is 2^CONFIG_LOG_BUF_SHIFT bytes, 128 KiB to 1 MiB on
// distribution kernels; its records are longer than its own entries): bounded whatever the device gives.
const MAX_BYTES = 8 * 1024 * 1024;

// Reads `<paths.dev>/kmsg` once without waiting: opened O_NONBLOCK, each read() returns one record, and a read
// past the newest record fails with EAGAIN instead of blocking (torvalds/linux Documentation/ABI/testing/dev-kmsg;
// kernel/printk/printk.c devkmsg_read()); EPIPE means records were overwritten before they were read, and the next
// read goes on with the oldest still there. A regular file (a test's stand-in) simply ends. Times are the boot
// time (from <procfs>/uptime) plus each record's microseconds since boot.
export function readKmsgOnce(paths: HostPaths, now: number): KmsgRead {
  const device = under(paths.dev, 'kmsg');
  let fd: number;
  try {
    fd = fs.openSync(device, fs.constants.O_RDONLY | fs.constants.O_NONBLOCK);
  } catch (error) {
    return { unusable: `${device}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}` };
  }
  const chunks: Buffer[] = [];
  let total = 0;
  try {
    // A record is at most 8 KiB (printk's CONSOLE_EXT_LOG_MAX); a read() into a smaller buffer fails with EINVAL.
    const buffer = Buffer.alloc(16 * 1024);
    while (total < MAX_BYTES) {
      let n: number;
      try {
        n = fs.readSync(fd, buffer, 0, buffer.length, null);
      } catch (error) {
        const code = (error as NodeJS.ErrnoException).code;
        if (code === 'EPIPE') continue;
        if (code === 'EAGAIN') break;
        if (total === 0) return { unusable: `${device}: ${code ?? (error as Error).message}` };
        break;
      }
      if (n === 0) break;
      chunks.push(Buffer.from(buffer.subarray(0, n)));
      total += n;
    }
  } finally {
    fs.closeSync(fd);
  }
  const bootAt = bootEpochMs(paths, now);
  const records: KernelRecord[] = [];
  let malformed = 0;
  for (const line of Buffer.concat(chunks).toString('utf8').split('\n')) {
    const record = parseKmsgRecord(line);
    if (record === null) continue;
    if ('malformed' in record) malformed += 1;
    else records.push({ message: record.message, at: bootAt + Math.floor(record.usec / 1000), cursor: String(record.seq) });
  }
  return { records, malformed };
}
