import { describe, expect, it } from 'vitest';
import { PMT_READ_GROUP, pmtTmpfilesRules, pmtUdevRule } from '../../../src/power/pmt-access.js';
import { directives, shipped } from '../../helpers/systemd-shipped.js';

// The shipped PMT access files are what the daemon's own hint prints, so they cannot drift apart.
describe('shipped PMT telemetry access rules', () => {
  it('tmpfiles.d: exactly the rule src/power/pmt-access.ts prints', () => {
    expect(directives(shipped('npu-watch-pmt.conf'))).toEqual(pmtTmpfilesRules());
  });

  it('udev: exactly the rule src/power/pmt-access.ts prints', () => {
    expect(directives(shipped('99-npu-watch-pmt.rules'))).toEqual([pmtUdevRule()]);
  });

  it('name the group the sysusers.d file creates for the service', () => {
    expect(directives(shipped('npu-watch.sysusers'))[0]).toMatch(new RegExp(`^u ${PMT_READ_GROUP} `));
    for (const rule of pmtTmpfilesRules()) expect(rule).toContain(` root ${PMT_READ_GROUP} `);
  });

  it('say why: the root-only default and the trade-off are in the shipped files', () => {
    for (const name of ['npu-watch-pmt.conf', '99-npu-watch-pmt.rules']) expect(shipped(name)).toMatch(/trade-off/);
    expect(shipped('npu-watch-pmt.conf')).toContain('mode 0440, root:root');
  });
});
