import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseAptUpgradable, withoutAptCliWarning } from '../../../src/probes/updates/parse-apt-upgradable.js';
import { fixtureOutputPath } from '../../helpers/probe-context.js';

const hostOutput = (host: string, file: string): string =>
  readFileSync(fixtureOutputPath(host, file), 'utf8');

describe('parseAptUpgradable', () => {
  it('reads the Ubuntu 24.04 laptop: the NPU package upgradable, the unrelated one ignored', () => {
    expect(parseAptUpgradable(hostOutput('ubuntu2404-meteorlake', 'apt-list-upgradable.txt'))).toEqual([
      { package: 'intel-level-zero-npu', version: '1.10.1.20241220-12396436767', repository: 'noble' },
    ]);
  });

  it('finds nothing watched on the Debian desktop, though apt lists upgrades', () => {
    const stdout = hostOutput('no-npu', 'apt-list-upgradable.txt');
    expect(parseAptUpgradable(stdout)).toEqual([]);
    // The same text does parse: the filter, not the parser, leaves it empty.
    expect(parseAptUpgradable(stdout, ['openssl', 'libgnutls-openssl27'])).toEqual([
      { package: 'libgnutls-openssl27', version: '3.7.9-2+deb12u7', repository: 'oldstable' },
      { package: 'openssl', version: '3.0.22-1~deb12u2', repository: 'oldstable-security' },
    ]);
  });

  it('takes the first suite of a comma-separated list', () => {
    const stdout = 'libze1/noble-updates,noble-security 1.17.6-1ubuntu0.1 amd64 [upgradable from: 1.16.15-2]\n';
    expect(parseAptUpgradable(stdout)).toEqual([
      { package: 'libze1', version: '1.17.6-1ubuntu0.1', repository: 'noble-updates' },
    ]);
  });

  it('returns nothing for an empty list, the Listing line alone, or no output', () => {
    expect(parseAptUpgradable('')).toEqual([]);
    expect(parseAptUpgradable('Listing...\n')).toEqual([]);
    expect(parseAptUpgradable('Listing... Done\n')).toEqual([]);
  });

  it('reads CRLF line endings', () => {
    const stdout =
      'Listing...\r\nintel-fw-npu/noble 1.10.1.20241220-12396436767 amd64 [upgradable from: 1.10.0.20241107-11729849322]\r\n';
    expect(parseAptUpgradable(stdout)).toEqual([
      { package: 'intel-fw-npu', version: '1.10.1.20241220-12396436767', repository: 'noble' },
    ]);
  });

  it('ignores the CLI warning, notes, installed-package lines and garbage', () => {
    const stdout = [
      'WARNING: apt does not have a stable CLI interface. Use with caution in scripts.',
      'Listing...',
      'intel-level-zero-npu/now 1.10.0.20241107-11729849322 amd64 [installed,local]',
      'N: There is 1 additional version. Please use the \'-a\' switch to see it',
      'level-zero',
      'libze1/noble 1.17.6-1 amd64 [upgradable from]',
      '/noble 1.0-1 amd64 [upgradable from: 0.9-1]',
    ].join('\n');
    expect(parseAptUpgradable(stdout)).toEqual([]);
  });

  it('matches watched names exactly, not by prefix', () => {
    const stdout = 'linux-firmware-raspi/noble 8-0ubuntu1 arm64 [upgradable from: 7-0ubuntu1]\n';
    expect(parseAptUpgradable(stdout)).toEqual([]);
  });
});

describe('withoutAptCliWarning', () => {
  it('leaves the real error first', () => {
    const stderr =
      '\nWARNING: apt does not have a stable CLI interface. Use with caution in scripts.\n\nE: Could not open lock file\n';
    expect(withoutAptCliWarning(stderr)).toBe('E: Could not open lock file');
  });

  it('leaves nothing of the captured warning-only stderr', () => {
    expect(withoutAptCliWarning(hostOutput('no-npu', 'apt-list-upgradable-stderr.txt'))).toBe('');
  });
});
