import fs from 'node:fs';
import readline from 'node:readline';
import { under, type HostPaths } from '../../host/paths.js';
import { bootEpochMs } from './boot-time.js';
import { backoffDelay, type Follower, type FollowerDeps } from './follow-types.js';
import { npuKernelLine } from './npu-kernel-line.js';
import { parseKmsgRecord } from './parse-kmsg-record.js';

export interface KmsgFollowerOptions extends FollowerDeps {
  paths: HostPaths;
  // Called once when the device cannot be read at all; the follower has then ended.
  unusable(detail: string): void;
}

// Reads `<paths.dev>/kmsg`: the kernel's ring buffer, every record still in it first, then new ones as they come
// (torvalds/linux Documentation/ABI/testing/dev-kmsg). Reading needs CAP_SYSLOG where kernel.dmesg_restrict=1
// (kernel/printk/printk.c check_syslog_permissions()), and each blocking read() holds one libuv pool thread
// while it waits: this is the fallback for hosts without a usable journal, not the first choice. A read error
// (EPIPE: records overwritten before they were read) or an end reopens the device with backoff; records up to the
// last sequence number read are skipped, so none is counted twice.
export function followKmsg(options: KmsgFollowerOptions): Follower {
  const { sink, log } = options;
  const device = under(options.paths.dev, 'kmsg');
  const bootAt = bootEpochMs(options.paths, options.now());
  const startedAt = options.liveSince ?? options.now();
  let lastSeq = -1;
  let everRead = false;
  let failures = 0;
  let stream: fs.ReadStream | null = null;
  let timer: NodeJS.Timeout | null = null;
  let stopped = false;
  let closed: Promise<void> = Promise.resolve();

  const open = () => {
    timer = null;
    if (stopped) return;
    let readThisRun = false;
    let fatal = false;
    // A reopened device gives the records already read again first: a malformed line among them was counted.
    let replaying = lastSeq >= 0;
    // A record is at most 8 KiB (printk's CONSOLE_EXT_LOG_MAX); a read() into a smaller buffer fails with EINVAL.
    const input = fs.createReadStream(device, { highWaterMark: 16 * 1024 });
    stream = input;
    closed = new Promise((resolve) => input.once('close', () => resolve()));
    input.once('error', (error: NodeJS.ErrnoException) => {
      if (!everRead && (error.code === 'ENOENT' || error.code === 'EACCES' || error.code === 'EPERM')) {
        fatal = true;
        options.unusable(`${device}: ${error.code}`);
      } else {
        log.debug({ err: error }, `${device} read error`);
      }
    });
    input.once('close', () => {
      stream = null;
      if (stopped || fatal) return;
      failures = readThisRun ? 1 : failures + 1;
      const delay = backoffDelay(options.backoff, failures);
      log.debug({ restart_in_ms: delay }, `${device} ended; reopening in ${delay} ms`);
      timer = setTimeout(open, delay);
    });
    // readline re-emits the stream's errors as its own: the stream's handler above already deals with them.
    const lines = readline.createInterface({ input, crlfDelay: Infinity });
    lines.on('error', () => undefined);
    lines.on('line', (line) => {
      if (stopped) return;
      const record = parseKmsgRecord(line);
      if (record === null) return;
      if ('malformed' in record) {
        if (!replaying) sink.malformed('kmsg', record.malformed);
        return;
      }
      if (record.seq <= lastSeq) return;
      replaying = false;
      if (!everRead) sink.reading('kmsg');
      everRead = true;
      readThisRun = true;
      lastSeq = record.seq;
      const at = bootAt + Math.floor(record.usec / 1000);
      const npu = npuKernelLine(record.message, at);
      if (npu === null) return;
      const live = at >= startedAt;
      sink.line?.(npu, live);
      if (npu.event) sink.event(npu.event, at, live);
    });
  };
  open();

  return {
    async stop() {
      stopped = true;
      if (timer) clearTimeout(timer);
      stream?.destroy();
      await closed;
    },
  };
}
