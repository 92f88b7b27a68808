// How to let npu-watch read the PMT telemetry that holds the NPU's own energy counter. The kernel makes each
// region's `telem` file readable by root only: mode 0440, owner and group root (torvalds/linux,
// drivers/platform/x86/intel/pmt/class.c, intel_pmt_dev_register: `entry->pmt_bin_attr.attr.mode = 0440`).
// Granting one group read access is the same deliberate trade-off as RAPL's (rapl-access.ts): a telemetry region
// holds many more counters than the NPU's, and members of that group can read all of them.
import { RAPL_READ_GROUP } from './rapl-access.js';

// The group the shipped rules grant read access to: the service's own, as for RAPL.
export const PMT_READ_GROUP = RAPL_READ_GROUP;

// Where the suggested tmpfiles.d rule goes.
export const PMT_TMPFILES_FILE = '/etc/tmpfiles.d/npu-watch-pmt.conf';

// A systemd-tmpfiles `z` line giving `group` read access to every telemetry region at boot. The class links
// (/sys/class/intel_pmt/telemN → ../../devices/…/intel_pmt/telemN) are followed, unlike a fixed device path
// that differs per platform (checked with systemd-tmpfiles --root in test/integration/systemd).
export function pmtTmpfilesRules(group = PMT_READ_GROUP): string[] {
  return [`z /sys/class/intel_pmt/telem*/telem 0440 root ${group} -`];
}

// A udev rule doing the same when a region appears (intel_pmt_telemetry loaded after boot). The kernel adds the
// telem file just after the device's add event (intel_pmt_dev_register: device_create, then
// sysfs_create_bin_file), so on a late module load the rule can run before the file exists; the tmpfiles rule
// at the next boot, or `systemd-tmpfiles --create`, then applies it.
export function pmtUdevRule(group = PMT_READ_GROUP): string {
  return `ACTION=="add", SUBSYSTEM=="intel_pmt", KERNEL=="telem*", ` +
    `RUN+="/usr/bin/chgrp ${group} /sys%p/telem", RUN+="/usr/bin/chmod g+r /sys%p/telem"`;
}

// The no-data reason for a denied telem read: what happened and the exact rules that fix it.
export function pmtAccessHint(file: string, group = PMT_READ_GROUP): string {
  const [rule] = pmtTmpfilesRules(group);
  return `cannot read ${file} (permission denied): PMT telemetry is readable by root only. ` +
    `To let the ${group} group read it, put this line in ${PMT_TMPFILES_FILE}: "${rule}", ` +
    `then run "systemd-tmpfiles --create ${PMT_TMPFILES_FILE}"; ` +
    `to keep access when the module reloads, add the udev rule '${pmtUdevRule(group)}'`;
}
