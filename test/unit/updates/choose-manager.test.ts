import { describe, expect, it } from 'vitest';
import { managersToTry } from '../../../src/probes/updates/choose-manager.js';

describe('managersToTry', () => {
  it.each([
    ['Fedora', 'NAME="Fedora Linux"\nVERSION_ID=43\nID=fedora\n', ['dnf']],
    ['AlmaLinux (ID_LIKE)', 'ID="almalinux"\nID_LIKE="rhel centos fedora"\n', ['dnf']],
    ['CentOS Stream', "ID='centos'\nID_LIKE='rhel fedora'\n", ['dnf']],
    ['Ubuntu', 'ID=ubuntu\nID_LIKE=debian\n', ['apt']],
    ['Debian', 'PRETTY_NAME="Debian GNU/Linux 12 (bookworm)"\nID=debian\n', ['apt']],
    ['Linux Mint (ID_LIKE)', 'ID=linuxmint\nID_LIKE="ubuntu debian"\n', ['apt']],
    ['upper case, CRLF', 'ID=Fedora\r\n', ['dnf']],
    ['neither', 'ID=arch\n', ['dnf', 'apt']],
    ['no ID at all', '# empty\n', ['dnf', 'apt']],
    ['no os-release', null, ['dnf', 'apt']],
  ] as const)('%s', (_name, osRelease, expected) => {
    expect(managersToTry(osRelease)).toEqual(expected);
  });

  it('lets ID decide before ID_LIKE', () => {
    expect(managersToTry('ID_LIKE=fedora\nID=ubuntu\n')).toEqual(['apt']);
  });

  it('does not read VERSION_ID or other keys ending in ID', () => {
    expect(managersToTry('VERSION_ID=fedora\nVARIANT_ID=debian\n')).toEqual(['dnf', 'apt']);
  });
});
