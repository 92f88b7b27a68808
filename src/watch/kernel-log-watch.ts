import type { Config } from '../config.js';
import type { Clock } from '../host/clock.js';
import type { AppLogger } from '../log.js';
import { recordKernelEvent, recordKernelLogMalformed, recordKernelLogReading } from '../metrics/record-kernel.js';
import type { Metrics } from '../metrics/registry.js';
import { KERNEL_FAILURE_KINDS, type KernelEvent } from '../probes/kernel/kernel-event.js';
import type { Backoff, Follower } from '../probes/kernel/follow-types.js';
import { followKernelLog } from '../probes/kernel/kernel-follower.js';
import type { RecentKernelLines } from '../probes/kernel/recent-kernel-lines.js';

export interface KernelLogWatchDeps {
  config: Pick<Config, 'paths'>;
  log: AppLogger;
  clock: Clock;
  metrics: Metrics;
  // Called for each NPU kernel event logged while the daemon runs (not for this boot's earlier lines).
  onLiveEvent?: (event: KernelEvent, at: number) => void;
  // Where the NPU kernel lines the follower reads are kept for the diagnosis (the daemon's /status).
  recent?: RecentKernelLines;
  // When the daemon started (ms since the epoch): lines from then on are live. Default: when following starts.
  liveSince?: number;
  // Tests: the journalctl to run, its environment, and faster restarts.
  journalctl?: string;
  env?: NodeJS.ProcessEnv;
  backoff?: Backoff;
}

// The daemon's kernel log follower: NPU kernel events become metrics and journal lines, and every NPU kernel line
// (this boot's first, then live ones) goes to `recent` for the diagnosis. stop() ends journalctl.
export function watchKernelLog(deps: KernelLogWatchDeps): Follower {
  const { log, metrics } = deps;
  return followKernelLog({
    paths: deps.config.paths,
    log,
    now: () => deps.clock.now(),
    ...(deps.liveSince === undefined ? {} : { liveSince: deps.liveSince }),
    ...(deps.journalctl === undefined ? {} : { journalctl: deps.journalctl }),
    ...(deps.env === undefined ? {} : { env: deps.env }),
    ...(deps.backoff === undefined ? {} : { backoff: deps.backoff }),
    sink: {
      reading: (source) => {
        deps.recent?.reading(source);
        recordKernelLogReading(metrics, source);
        log.info({ source }, `following the kernel log (${source}) for NPU driver events`);
      },
      malformed: (source, reason) => {
        recordKernelLogMalformed(metrics, source);
        log.debug({ source, reason }, 'kernel log line skipped');
      },
      line: (line) => deps.recent?.add(line),
      event: (event, at, live) => {
        recordKernelEvent(metrics, event);
        if (!live) return;
        const fields = { event: 'kernel', kind: event.kind, at: new Date(at).toISOString(), device: event.device };
        if (KERNEL_FAILURE_KINDS.has(event.kind)) log.warn(fields, `kernel: ${event.line}`);
        else log.info(fields, `kernel: ${event.line}`);
        deps.onLiveEvent?.(event, at);
      },
    },
  });
}
