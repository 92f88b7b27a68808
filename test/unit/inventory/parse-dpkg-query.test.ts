import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseDpkgQuery } from '../../../src/probes/inventory/parse-dpkg-query.js';
import { fixtureOutputPath } from '../../helpers/probe-context.js';

const ubuntu = readFileSync(fixtureOutputPath('ubuntu2404-meteorlake', 'dpkg-query-W.txt'), 'utf8');

describe('parseDpkgQuery', () => {
  it('reads Intel’s NPU .debs and leaves out the package removed with its config kept (rc)', () => {
    expect(ubuntu).toContain('intel-level-zero-gpu\t1.3.27642.40-1ubuntu3\trc ');
    expect(parseDpkgQuery(ubuntu)).toEqual([
      { name: 'intel-driver-compiler-npu', version: '1.10.0.20241107-11729849322' },
      { name: 'intel-fw-npu', version: '1.10.0.20241107-11729849322' },
      { name: 'intel-level-zero-npu', version: '1.10.0.20241107-11729849322' },
      { name: 'libze1', version: '1.17.44-1' },
      { name: 'linux-firmware', version: '20240318.git3b128b60-0ubuntu2.5' },
    ]);
  });

  it('returns nothing when no watched package matched (stdout empty, all on stderr)', () => {
    expect(parseDpkgQuery(readFileSync(fixtureOutputPath('no-npu', 'dpkg-query-W.txt'), 'utf8'))).toEqual([]);
    expect(parseDpkgQuery('')).toEqual([]);
  });

  it('counts held packages as installed, half-installed and purged ones not', () => {
    const text = [
      'libze1\t1.17.44-1\thi ',
      'intel-fw-npu\t1.10.0\tiU ',
      'intel-level-zero-npu\t1.10.0\tiF ',
      'level-zero\t1.16.1-1\tun ',
      'intel-driver-compiler-npu\t1.10.0\tiiR',
    ].join('\n');
    expect(parseDpkgQuery(text)).toEqual([
      { name: 'libze1', version: '1.17.44-1' },
      { name: 'intel-driver-compiler-npu', version: '1.10.0' },
    ]);
  });

  it('keeps an epoch verbatim and reads CRLF line ends', () => {
    expect(parseDpkgQuery('intel-opencl-icd\t1:24.35.30872.22-1\tii \r\n')).toEqual([
      { name: 'intel-opencl-icd', version: '1:24.35.30872.22-1' },
    ]);
  });

  it('reports a Multi-Arch package installed for two arches once', () => {
    const twice = 'libze1\t1.17.44-1\tii \nlibze1\t1.17.44-1\tii \n';
    expect(parseDpkgQuery(twice)).toEqual([{ name: 'libze1', version: '1.17.44-1' }]);
  });

  it('ignores garbage', () => {
    expect(parseDpkgQuery('dpkg-query: no packages found matching libze1\nlibze1 1.17.44-1 ii\n\t\tii \n')).toEqual([]);
  });
});
