import { describe, expect, it } from 'vitest';
import { raplAccessHint, raplTmpfilesRules, raplUdevRule } from '../../../src/power/rapl-access.js';

describe('RAPL access rules', () => {
  it('grants the service group read access on every zone with tmpfiles z lines', () => {
    expect(raplTmpfilesRules()).toEqual([
      'z /sys/devices/virtual/powercap/intel-rapl/intel-rapl:*/energy_uj 0440 root npu-watch -',
      'z /sys/devices/virtual/powercap/intel-rapl/intel-rapl:*/intel-rapl:*/energy_uj 0440 root npu-watch -',
    ]);
    expect(raplTmpfilesRules('render')[0]).toBe(
      'z /sys/devices/virtual/powercap/intel-rapl/intel-rapl:*/energy_uj 0440 root render -',
    );
  });

  it('re-applies it from udev when a zone appears', () => {
    expect(raplUdevRule()).toBe(
      'ACTION=="add", SUBSYSTEM=="powercap", KERNEL=="intel-rapl:*", ' +
        'RUN+="/usr/bin/chgrp npu-watch /sys%p/energy_uj", RUN+="/usr/bin/chmod g+r /sys%p/energy_uj"',
    );
  });

  it('says what was denied, why, and the exact fix, on one line', () => {
    const hint = raplAccessHint('/sys/class/powercap/intel-rapl:0/energy_uj');
    expect(hint).toMatch(/^cannot read \/sys\/class\/powercap\/intel-rapl:0\/energy_uj \(permission denied\): /);
    expect(hint).toContain('root-only since CVE-2020-8694');
    for (const rule of raplTmpfilesRules()) expect(hint).toContain(`"${rule}"`);
    expect(hint).toContain('/etc/tmpfiles.d/npu-watch-rapl.conf');
    expect(hint).toContain('systemd-tmpfiles --create /etc/tmpfiles.d/npu-watch-rapl.conf');
    expect(hint).toContain(raplUdevRule());
    expect(hint).not.toContain('\n');
  });
});
