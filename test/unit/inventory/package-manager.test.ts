import { describe, expect, it } from 'vitest';
import { packageManagerForDistro } from '../../../src/probes/inventory/package-manager.js';

describe('packageManagerForDistro', () => {
  it.each([
    [{ ID: 'fedora' }, 'rpm'],
    [{ ID: 'rhel', ID_LIKE: 'fedora' }, 'rpm'],
    [{ ID: 'almalinux', ID_LIKE: 'rhel centos fedora' }, 'rpm'],
    [{ ID: 'ubuntu', ID_LIKE: 'debian' }, 'dpkg'],
    [{ ID: 'debian' }, 'dpkg'],
    [{ ID: 'linuxmint', ID_LIKE: 'ubuntu debian' }, 'dpkg'],
    [{ ID: 'arch' }, null],
    [{}, null],
  ] as const)('%o → %s', (osRelease, expected) => {
    expect(packageManagerForDistro(osRelease)).toBe(expected);
  });

  it('matches whole IDs, not substrings', () => {
    expect(packageManagerForDistro({ ID: 'notfedora', ID_LIKE: 'debianish' })).toBeNull();
  });
});
