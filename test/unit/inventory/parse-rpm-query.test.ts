import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { countRpmNotInstalled, parseRpmQuery } from '../../../src/probes/inventory/parse-rpm-query.js';
import { fixtureOutputPath } from '../../helpers/probe-context.js';

const fedora = readFileSync(fixtureOutputPath('fedora43-lunarlake', 'rpm-q.txt'), 'utf8');

describe('parseRpmQuery', () => {
  it('reads the seed laptop’s packages and skips the ones that are not installed', () => {
    expect(parseRpmQuery(fedora)).toEqual([
      { name: 'intel-npu-driver', version: '1.16.0-1.fc44', arch: 'x86_64' },
      { name: 'intel-vpu-firmware', version: '20251111-1.fc43', arch: 'noarch' },
      { name: 'intel-level-zero', version: '25.31.34666.3-1.fc43', arch: 'x86_64' },
      { name: 'oneapi-level-zero', version: '1.24.3-1.fc43', arch: 'x86_64' },
      { name: 'intel-opencl', version: '25.31.34666.3-1.fc43', arch: 'x86_64' },
      { name: 'linux-firmware', version: '20251111-1.fc43', arch: 'noarch' },
    ]);
    expect(countRpmNotInstalled(fedora)).toBe(8);
  });

  it('prefixes a non-zero epoch, as rpm writes EPOCH:VERSION-RELEASE', () => {
    // Captured from rpm 4.18 for a package built with `Epoch: 1`.
    expect(parseRpmQuery('intel-opencl\t1\t25.31.34666.3\t1.fc43\tx86_64\n')).toEqual([
      { name: 'intel-opencl', version: '1:25.31.34666.3-1.fc43', arch: 'x86_64' },
    ]);
  });

  it('keeps the native arch when multilib installs a name twice, whatever the order', () => {
    const i686 = 'oneapi-level-zero\t0\t1.24.3\t1.fc43\ti686';
    const x86 = 'oneapi-level-zero\t0\t1.24.3\t2.fc43\tx86_64';
    const expected = [{ name: 'oneapi-level-zero', version: '1.24.3-2.fc43', arch: 'x86_64' }];
    expect(parseRpmQuery(`${i686}\n${x86}\n`)).toEqual(expected);
    expect(parseRpmQuery(`${x86}\n${i686}\n`)).toEqual(expected);
  });

  it('reads CRLF line ends', () => {
    expect(parseRpmQuery('intel-npu-driver\t0\t1.16.0\t1.fc44\tx86_64\r\npackage libze1 is not installed\r\n')).toEqual([
      { name: 'intel-npu-driver', version: '1.16.0-1.fc44', arch: 'x86_64' },
    ]);
    expect(countRpmNotInstalled('package libze1 is not installed\r\n')).toBe(1);
  });

  it('returns nothing for empty output, only missing packages, or garbage', () => {
    expect(parseRpmQuery('')).toEqual([]);
    expect(parseRpmQuery('package intel-npu-driver is not installed\n')).toEqual([]);
    const garbage = 'error: rpmdb: BDB0113 Thread/process failed\n\t\t\t\t\nname\tX\t1\t1\tx86_64\nname\t0\t\t1\tx86_64\n';
    expect(parseRpmQuery(garbage)).toEqual([]);
  });
});
