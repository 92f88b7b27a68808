import { describe, expect, it } from 'vitest';
import { distroFamily } from '../../../src/probes/distro/distro-family.js';
import { parseOsRelease } from '../../../src/probes/distro/parse-os-release.js';
import { databasesToTry, managersToTry } from '../../../src/probes/distro/package-tooling.js';

// One table for the family, and what inventory (database) and updates (managers) make of it.
const cases: [string, string, string | null, string[], string[]][] = [
  ['Fedora', 'NAME="Fedora Linux"\nVERSION_ID=43\nID=fedora\n', 'fedora', ['rpm'], ['dnf']],
  ['AlmaLinux (ID_LIKE)', 'ID="almalinux"\nID_LIKE="rhel centos fedora"\n', 'fedora', ['rpm'], ['dnf']],
  ['CentOS Stream', "ID='centos'\nID_LIKE='rhel fedora'\n", 'fedora', ['rpm'], ['dnf']],
  ['openSUSE', 'ID="opensuse-tumbleweed"\nID_LIKE="opensuse suse"\n', 'suse', ['rpm'], ['dnf', 'apt']],
  ['Ubuntu', 'ID=ubuntu\nID_LIKE=debian\n', 'debian', ['dpkg'], ['apt']],
  ['Debian', 'PRETTY_NAME="Debian GNU/Linux 12 (bookworm)"\nID=debian\n', 'debian', ['dpkg'], ['apt']],
  ['Linux Mint (ID_LIKE)', 'ID=linuxmint\nID_LIKE="ubuntu debian"\n', 'debian', ['dpkg'], ['apt']],
  ['upper case, CRLF', 'ID=Fedora\r\n', 'fedora', ['rpm'], ['dnf']],
  ['neither', 'ID=arch\n', null, ['rpm', 'dpkg'], ['dnf', 'apt']],
  ['no ID at all', '# empty\n', null, ['rpm', 'dpkg'], ['dnf', 'apt']],
  ['ID decides before ID_LIKE', 'ID_LIKE=fedora\nID=ubuntu\n', 'debian', ['dpkg'], ['apt']],
  ['whole IDs, not substrings', 'ID=notfedora\nID_LIKE=debianish\n', null, ['rpm', 'dpkg'], ['dnf', 'apt']],
  ['keys that merely end in ID are ignored', 'VERSION_ID=fedora\nVARIANT_ID=debian\n', null, ['rpm', 'dpkg'], ['dnf', 'apt']],
];

describe('distroFamily', () => {
  for (const [name, text, family, databases, managers] of cases) {
    it(name, () => {
      const osRelease = parseOsRelease(text);
      expect(distroFamily(osRelease)).toBe(family);
      expect(databasesToTry(osRelease)).toEqual(databases);
      expect(managersToTry(osRelease)).toEqual(managers);
    });
  }

  it('inventory and updates try every database and manager on a host without os-release', () => {
    expect(databasesToTry(null)).toEqual(['rpm', 'dpkg']);
    expect(managersToTry(null)).toEqual(['dnf', 'apt']);
  });
});
