// How to let npu-watch read RAPL energy counters, which the kernel made root-only (mode 0400) for CVE-2020-8694
// (the "Platypus" power side channel). Granting one group read access is a deliberate trade-off: members of that
// group can again observe fine-grained energy use.

// The group the shipped rules grant read access to: the service's own group from its sysusers.d entry.
export const RAPL_READ_GROUP = 'npu-watch';

// Where the suggested tmpfiles.d rule goes.
export const RAPL_TMPFILES_FILE = '/etc/tmpfiles.d/npu-watch-rapl.conf';

// systemd-tmpfiles `z` lines (globs allowed) giving `group` read access to every zone's energy_uj at boot.
export function raplTmpfilesRules(group = RAPL_READ_GROUP): string[] {
  const zones = '/sys/devices/virtual/powercap/intel-rapl';
  return [
    `z ${zones}/intel-rapl:*/energy_uj 0440 root ${group} -`,
    `z ${zones}/intel-rapl:*/intel-rapl:*/energy_uj 0440 root ${group} -`,
  ];
}

// A udev rule doing the same whenever a zone appears (intel_rapl_msr loaded or reloaded after boot).
export function raplUdevRule(group = RAPL_READ_GROUP): string {
  return `ACTION=="add", SUBSYSTEM=="powercap", KERNEL=="intel-rapl:*", ` +
    `RUN+="/usr/bin/chgrp ${group} /sys%p/energy_uj", RUN+="/usr/bin/chmod g+r /sys%p/energy_uj"`;
}

// The no-data reason for a denied energy_uj read: what happened and the exact rules that fix it.
export function raplAccessHint(file: string, group = RAPL_READ_GROUP): string {
  const [packageRule, subZoneRule] = raplTmpfilesRules(group);
  return `cannot read ${file} (permission denied): RAPL energy counters are root-only since CVE-2020-8694. ` +
    `To let the ${group} group read them, put these lines in ${RAPL_TMPFILES_FILE}: "${packageRule}" and ` +
    `"${subZoneRule}", then run "systemd-tmpfiles --create ${RAPL_TMPFILES_FILE}"; ` +
    `to keep access when the module reloads, add the udev rule '${raplUdevRule(group)}'`;
}
