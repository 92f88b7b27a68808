import { describe, expect, it } from 'vitest';
import { pmtAccessHint, pmtTmpfilesRules, pmtUdevRule } from '../../../src/power/pmt-access.js';

describe('PMT access rules', () => {
  it('grants the service group read access to every telemetry region with a tmpfiles z line', () => {
    expect(pmtTmpfilesRules()).toEqual(['z /sys/class/intel_pmt/telem*/telem 0440 root npu-watch -']);
    expect(pmtTmpfilesRules('render')).toEqual(['z /sys/class/intel_pmt/telem*/telem 0440 root render -']);
  });

  it('re-applies it from udev when a region appears', () => {
    expect(pmtUdevRule()).toBe(
      'ACTION=="add", SUBSYSTEM=="intel_pmt", KERNEL=="telem*", ' +
        'RUN+="/usr/bin/chgrp npu-watch /sys%p/telem", RUN+="/usr/bin/chmod g+r /sys%p/telem"',
    );
  });

  it('says what was denied, why, and the exact fix, on one line', () => {
    const hint = pmtAccessHint('/sys/class/intel_pmt/telem1/telem');
    expect(hint).toMatch(/^cannot read \/sys\/class\/intel_pmt\/telem1\/telem \(permission denied\): PMT telemetry is readable by root only\. /);
    expect(hint).toContain(`"${pmtTmpfilesRules()[0]}"`);
    expect(hint).toContain('systemd-tmpfiles --create /etc/tmpfiles.d/npu-watch-pmt.conf');
    expect(hint).toContain(pmtUdevRule());
    expect(hint).not.toContain('\n');
  });
});
