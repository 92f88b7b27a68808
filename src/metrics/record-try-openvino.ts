import type { TryEntry } from '../canary/try-results.js';
import type { Metrics } from './registry.js';

// try-openvino's kept results (the state dir's try-openvino.json) as npuwatch_try_openvino_result: one series per
// version, kind, device and result, always 1; a version that could not be installed is device "" and
// result install_failed. The daemon loads them at start (try-openvino runs only when asked, in its own process).
export function recordTryOpenvinoResults(metrics: Metrics, entries: readonly TryEntry[]): void {
  metrics.tryOpenvinoResult.reset();
  for (const entry of entries) {
    if (entry.install_failed !== null) {
      metrics.tryOpenvinoResult.set({ version: entry.version, kind: entry.kind, device: '', result: 'install_failed' }, 1);
      continue;
    }
    for (const d of entry.devices) metrics.tryOpenvinoResult.set({ version: entry.version, kind: entry.kind, device: d.device, result: d.working || d.result !== 'ok' ? d.result : 'unverified' }, 1);
  }
}
