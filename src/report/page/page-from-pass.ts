import type { TryEntry } from '../../canary/try-results.js';
import type { KernelLogLine } from '../../probes/kernel/kernel-event.js';
import type { StatusEvent, DeviceStatus } from '../../status/types.js';
import { buildCheckReport } from '../check-report.js';
import type { ProbePass } from '../probe-pass.js';
import { buildPageModel } from './build-page.js';
import type { HostIdentity } from './host-identity.js';
import type { PageModel } from './page-model.js';
import type { ResultRecord } from './results-history.js';

// What the daemon and `report --check` know besides the probe pass.
export interface PageContext {
  devices: string[];
  version: string;
  now: Date;
  expected_tokens_per_second: Record<string, [number, number]>;
  // The daemon's states and its whole kept event log (null: no daemon state).
  status: { devices: Record<string, DeviceStatus>; events: readonly StatusEvent[] } | null;
  host: HostIdentity;
  // The kept canary outcomes and benchmark figures, oldest first.
  results: readonly ResultRecord[];
  next_check: Date | null;
  // What `npu-watch try-openvino` found (the state dir's try-openvino.json), for the diagnosis; absent: none.
  tried_versions?: readonly TryEntry[];
  // This boot's NPU kernel lines when newer than the inventory's read (the daemon's follower, check's read after
  // the canaries); absent: the inventory's.
  kernel_log?: KernelLogLine[];
}

// The page of one probe pass (pure).
export function pageFromPass(pass: ProbePass, context: PageContext): PageModel {
  const report = buildCheckReport(pass, context.devices, context.version, context.now, {
    expected_tokens_per_second: context.expected_tokens_per_second,
    ...(context.kernel_log ? { kernel_log: context.kernel_log } : {}),
    status: context.status ? { devices: context.status.devices, recent_events: [] } : null,
    tried_versions: context.tried_versions ?? [],
  });
  return buildPageModel({
    report,
    events: context.status?.events ?? [],
    // The lines' text, as the kernel logged them (the diagnosis's evidence gives their times).
    kernel_lines: (context.kernel_log ?? pass.probes.inventory?.data?.kernelLog ?? null)?.map((entry) => entry.line) ?? null,
    host: context.host,
    results: context.results,
    last_tested: pass.canaries?.startedAt ?? null,
    next_check: context.next_check,
  });
}
