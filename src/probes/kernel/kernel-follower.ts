import type { HostPaths } from '../../host/paths.js';
import type { BasicLogger } from '../../log.js';
import { DEFAULT_BACKOFF, type Backoff, type Follower, type KernelLogSink } from './follow-types.js';
import { followJournal, type JournalUnusable } from './journal-follower.js';
import { followKmsg } from './kmsg-follower.js';

export interface KernelFollowerOptions {
  paths: HostPaths;
  sink: KernelLogSink;
  log: BasicLogger;
  now: () => number;
  // See FollowerDeps.liveSince.
  liveSince?: number;
  // The journalctl to run (found on PATH by default) and its environment.
  journalctl?: string;
  env?: NodeJS.ProcessEnv;
  backoff?: Backoff;
}

const JOURNAL_REASONS: Record<JournalUnusable['reason'], string> = {
  no_journalctl: 'journalctl is not installed',
  no_permission: "npu-watch's user may not read the system journal (add it to the systemd-journal group)",
  no_journal: 'there is no journal (a container?)',
  failed: 'journalctl could not follow it',
};

// Follows this boot's kernel log for the NPU's events.
//
// The journal first: its records carry a wall-clock time and a cursor, so a restarted journalctl resumes exactly
// after the last record read; it keeps what scrolled out of the kernel's ring buffer; and reading it needs only
// the systemd-journal group, not CAP_SYSLOG. The kmsg device under the configured dev root is the fallback where
// the journal cannot be used (no journalctl, no journal in a container, no permission): it needs CAP_SYSLOG
// where dmesg_restrict is set, and its times are estimated from the uptime. Neither: one log line, and the
// kernel metrics have no data; everything else goes on.
export function followKernelLog(options: KernelFollowerOptions): Follower {
  // Live from the caller's moment, or from now: the journal and a later kmsg fallback judge records alike.
  const liveSince = options.liveSince ?? options.now();
  const deps = { sink: options.sink, log: options.log, now: options.now, liveSince, backoff: options.backoff ?? DEFAULT_BACKOFF };
  let current: Follower | null = null;
  let stopped = false;
  current = followJournal({
    ...deps,
    command: options.journalctl ?? 'journalctl',
    env: options.env ?? process.env,
    unusable: (why) => {
      if (stopped) return;
      const journalReason = JOURNAL_REASONS[why.reason];
      current = followKmsg({
        ...deps,
        // The one line that says why the journal is not read, once kmsg turned out to work.
        sink: {
          ...deps.sink,
          reading: (source) => {
            options.log.info({ journal: why.detail }, `following the kernel log from the kmsg device: ${journalReason}`);
            deps.sink.reading(source);
          },
        },
        paths: options.paths,
        unusable: (detail) => {
          options.log.warn(
            { journal: why.detail, kmsg: detail },
            `not following the kernel log: ${journalReason}, and ${detail}; the kernel event metrics will have no data`,
          );
        },
      });
    },
  });
  return {
    async stop() {
      stopped = true;
      // The journal follower may hand over to kmsg while it stops: stop whichever is current, then the next.
      let previous: Follower | null = null;
      while (current !== previous) {
        previous = current;
        await current?.stop();
      }
    },
  };
}
