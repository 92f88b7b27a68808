import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import {
  findDnfMetadataFailure,
  parseDnfCheckUpdate,
} from '../../../src/probes/updates/parse-dnf-check-update.js';
import { fixtureOutputPath } from '../../helpers/probe-context.js';

const fedoraOutput = (file: string): string =>
  readFileSync(fixtureOutputPath('fedora43-lunarlake', file), 'utf8');

describe('parseDnfCheckUpdate', () => {
  it('reads the captured dnf5 output of the Fedora 43 laptop, ignoring the unwatched package', () => {
    expect(parseDnfCheckUpdate(fedoraOutput('dnf-check-update.txt'))).toEqual([
      { package: 'intel-npu-driver', version: '1.17.0-1.fc43', repository: 'updates' },
    ]);
  });

  it('returns nothing for empty output (exit 0, no upgrades)', () => {
    expect(parseDnfCheckUpdate('')).toEqual([]);
    expect(parseDnfCheckUpdate('\n\n')).toEqual([]);
  });

  it('skips the dnf5 repository-loading lines and the Upgrades heading', () => {
    const stdout = [
      'Updating and loading repositories:',
      ' Fedora 43 - x86_64 - Updates           100% |  45.1 KiB/s |  20.9 KiB |  00m00s',
      'Repositories loaded.',
      'Upgrades',
      'intel-npu-driver.x86_64 1.17.0-1.fc43 updates',
      '',
    ].join('\n');
    expect(parseDnfCheckUpdate(stdout)).toEqual([
      { package: 'intel-npu-driver', version: '1.17.0-1.fc43', repository: 'updates' },
    ]);
  });

  it('keeps the newest of several candidate versions dnf5 lists for one package (oldest first)', () => {
    const stdout = [
      'intel-npu-driver.x86_64 1.16.1-1.fc43 updates',
      'intel-npu-driver.x86_64 1.17.0-1.fc43 updates',
      'intel-npu-driver.x86_64 1.17.1-0.1.fc43 updates-testing',
    ].join('\n');
    expect(parseDnfCheckUpdate(stdout)).toEqual([
      { package: 'intel-npu-driver', version: '1.17.1-0.1.fc43', repository: 'updates-testing' },
    ]);
  });

  it('ignores the dnf4 "Obsoleting Packages" and dnf5 "Obsoleting packages" sections', () => {
    const dnf4 = [
      '',
      'intel-level-zero.x86_64          25.35.35096.9-1.fc43          updates',
      'Obsoleting Packages',
      'intel-opencl.x86_64              25.35.35096.9-1.fc43          updates',
      '    intel-opencl.x86_64          25.31.34666.3-1.fc43          @updates',
    ].join('\n');
    expect(parseDnfCheckUpdate(dnf4)).toEqual([
      { package: 'intel-level-zero', version: '25.35.35096.9-1.fc43', repository: 'updates' },
    ]);
    const dnf5 = [
      'Upgrades',
      'intel-level-zero.x86_64 25.35.35096.9-1.fc43 updates',
      '',
      'Obsoleting packages',
      'oneapi-level-zero.x86_64 1.26.0-1.fc43 updates',
      '    intel-opencl.x86_64  25.31.34666.3-1.fc43 updates',
      '',
    ].join('\n');
    expect(parseDnfCheckUpdate(dnf5)).toEqual([
      { package: 'intel-level-zero', version: '25.35.35096.9-1.fc43', repository: 'updates' },
    ]);
  });

  it('keeps an epoch in the version', () => {
    expect(parseDnfCheckUpdate('linux-firmware.noarch 2:1.0-1.fc43 updates\n')).toEqual([
      { package: 'linux-firmware', version: '2:1.0-1.fc43', repository: 'updates' },
    ]);
  });

  it('reads CRLF line endings and trailing padding', () => {
    const stdout = 'Upgrades\r\nintel-npu-driver.x86_64 1.17.0-1.fc43 updates   \r\n\r\n';
    expect(parseDnfCheckUpdate(stdout)).toEqual([
      { package: 'intel-npu-driver', version: '1.17.0-1.fc43', repository: 'updates' },
    ]);
  });

  it('splits the name on the last dot and requires a known architecture', () => {
    const stdout = [
      'intel-npu-driver.x86_64 1.17.0-1.fc43 updates',
      'intel-opencl.unknownarch 25.35.35096.9-1.fc43 updates',
      'intel-level-zero 25.35.35096.9-1.fc43 updates',
    ].join('\n');
    expect(parseDnfCheckUpdate(stdout, ['intel-npu-driver', 'intel-opencl', 'intel-level-zero', 'foo'])).toEqual([
      { package: 'intel-npu-driver', version: '1.17.0-1.fc43', repository: 'updates' },
    ]);
    expect(parseDnfCheckUpdate('python3.13-libs.x86_64 3.13.9-1.fc43 updates', ['python3.13-libs'])).toEqual([
      { package: 'python3.13-libs', version: '3.13.9-1.fc43', repository: 'updates' },
    ]);
  });

  it('matches watched names exactly, not by prefix', () => {
    const stdout = 'intel-npu-driver-devel.x86_64 1.17.0-1.fc43 updates\noneapi-level-zero-devel.x86_64 1.26.0-1.fc43 updates';
    expect(parseDnfCheckUpdate(stdout)).toEqual([]);
  });

  it('joins a dnf4 row whose over-wide name pushed version and repository onto the next line', () => {
    const stdout = [
      'intel-npu-driver.x86_64',
      '                     1.17.0-1.fc43                          updates',
      'intel-opencl.x86_64  25.35.35096.9-1.fc43                   updates',
    ].join('\n');
    expect(parseDnfCheckUpdate(stdout)).toEqual([
      { package: 'intel-npu-driver', version: '1.17.0-1.fc43', repository: 'updates' },
      { package: 'intel-opencl', version: '25.35.35096.9-1.fc43', repository: 'updates' },
    ]);
  });

  it('ignores garbage and message lines', () => {
    const stdout = [
      'Last metadata expiration check: 0:41:07 ago on Sun 23 Nov 2025 10:12:00 AM CET.',
      'Security: kernel-core-6.17.8-300.fc43.x86_64 is an installed security update',
      'intel-npu-driver.x86_64 notaversion updates',
      'intel-npu-driver.x86_64 1.17.0-1.fc43',
      'intel-npu-driver.x86_64 1.17.0-1.fc43 updates extra',
      '\u0000\u0001 ~~~ .x86_64',
      'No security updates needed, but 3 update(s) available',
    ].join('\n');
    expect(parseDnfCheckUpdate(stdout)).toEqual([]);
  });
});

describe('findDnfMetadataFailure', () => {
  it('names the repository and the curl cause of the captured dnf5 offline failure', () => {
    const reason = findDnfMetadataFailure(fedoraOutput('dnf-check-update-offline.txt'));
    expect(reason).toBe(
      'dnf could not download repository metadata for repository "fedora" (offline or mirrors unreachable): ' +
        'Curl error (6): Could not resolve host: mirrors.fedoraproject.org',
    );
    expect(reason).not.toContain('\n');
  });

  it('reads the dnf4 form of the same failure', () => {
    const stderr = [
      "Errors during downloading metadata for repository 'updates':",
      "  - Curl error (6): Couldn't resolve host name for https://mirrors.fedoraproject.org/metalink?repo=updates-released-f40&arch=x86_64 [Could not resolve host: mirrors.fedoraproject.org]",
      "Error: Failed to download metadata for repo 'updates': Cannot prepare internal mirrorlist: Curl error (6): Couldn't resolve host name for https://mirrors.fedoraproject.org/metalink?repo=updates-released-f40&arch=x86_64 [Could not resolve host: mirrors.fedoraproject.org]",
    ].join('\n');
    expect(findDnfMetadataFailure(stderr)).toBe(
      'dnf could not download repository metadata for repository "updates" (offline or mirrors unreachable): ' +
        'Curl error (6): Could not resolve host: mirrors.fedoraproject.org',
    );
  });

  it('falls back to librepo\'s repomd.xml message when there is no curl error', () => {
    const stderr =
      "Error: Failed to download metadata for repo 'copr:copr.fedorainfracloud.org:x:y': Cannot download repomd.xml: Cannot download repodata/repomd.xml: All mirrors were tried";
    expect(findDnfMetadataFailure(stderr)).toBe(
      'dnf could not download repository metadata for repository "copr:copr.fedorainfracloud.org:x:y" ' +
        '(offline or mirrors unreachable): Cannot download repomd.xml: Cannot download repodata/repomd.xml: All mirrors were tried',
    );
  });

  it('returns null for errors that are not about metadata', () => {
    expect(findDnfMetadataFailure('')).toBeNull();
    expect(findDnfMetadataFailure('Error: rpmdb open failed\n')).toBeNull();
  });
});
