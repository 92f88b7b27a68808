import { describe, expect, it } from 'vitest';
import { raplTmpfilesRules, raplUdevRule, RAPL_READ_GROUP } from '../../../src/power/rapl-access.js';
import { directives, shipped } from '../../helpers/systemd-shipped.js';

// The shipped RAPL access files are what the daemon's own hint prints, so they cannot drift apart.
describe('shipped RAPL access rules', () => {
  it('tmpfiles.d: exactly the rules src/power/rapl-access.ts prints', () => {
    expect(directives(shipped('npu-watch-rapl.conf'))).toEqual(raplTmpfilesRules());
  });

  it('udev: exactly the rule src/power/rapl-access.ts prints', () => {
    expect(directives(shipped('99-npu-watch-rapl.rules'))).toEqual([raplUdevRule()]);
  });

  it('name the group the sysusers.d file creates for the service', () => {
    expect(directives(shipped('npu-watch.sysusers'))[0]).toMatch(new RegExp(`^u ${RAPL_READ_GROUP} `));
    for (const rule of raplTmpfilesRules()) expect(rule).toContain(` root ${RAPL_READ_GROUP} `);
  });

  it('say why: the CVE and the trade-off are in the shipped files', () => {
    for (const name of ['npu-watch-rapl.conf', '99-npu-watch-rapl.rules']) {
      expect(shipped(name)).toMatch(/trade-off/);
    }
    expect(shipped('npu-watch-rapl.conf')).toContain('CVE-2020-8694');
  });
});
