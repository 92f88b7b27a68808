import fs from 'node:fs';
import { under, type HostPaths } from '../../host/paths.js';

// When this boot began, ms since the epoch: now minus <procfs>/uptime's first field. kmsg stamps records with
// the printk clock (local_clock(): time since boot without suspend), so after a suspend this estimate puts a
// record earlier than it was; the journal's realtime stamps have no such error.
export function bootEpochMs(paths: HostPaths, now: number): number {
  try {
    const uptime = Number.parseFloat(fs.readFileSync(under(paths.procfs, 'uptime'), 'utf8').split(' ')[0] ?? '');
    return Number.isFinite(uptime) ? now - Math.round(uptime * 1000) : now;
  } catch {
    return now;
  }
}
