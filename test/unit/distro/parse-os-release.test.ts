import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseOsRelease } from '../../../src/probes/distro/parse-os-release.js';
import { FIXTURE_HOSTS_DIR } from '../../helpers/probe-context.js';

function fixtureOsRelease(host: string): string {
  return readFileSync(path.join(FIXTURE_HOSTS_DIR, host, 'etc/os-release'), 'utf8');
}

describe('parseOsRelease', () => {
  it('reads Fedora 43 Workstation', () => {
    const fields = parseOsRelease(fixtureOsRelease('fedora43-lunarlake'));
    expect(fields.ID).toBe('fedora');
    expect(fields.VERSION_ID).toBe('43');
    expect(fields.PRETTY_NAME).toBe('Fedora Linux 43 (Workstation Edition)');
    expect(fields.VERSION_CODENAME).toBe('');
    expect(fields.ID_LIKE).toBeUndefined();
  });

  it('reads Ubuntu 24.04, quoted VERSION_ID and ID_LIKE', () => {
    const fields = parseOsRelease(fixtureOsRelease('ubuntu2404-meteorlake'));
    expect(fields).toMatchObject({ ID: 'ubuntu', ID_LIKE: 'debian', VERSION_ID: '24.04', PRETTY_NAME: 'Ubuntu 24.04.1 LTS' });
  });

  it('reads Debian 12', () => {
    expect(parseOsRelease(fixtureOsRelease('no-npu'))).toMatchObject({ ID: 'debian', VERSION_ID: '12' });
  });

  it('handles comments, blank lines, CRLF and surrounding whitespace', () => {
    const text = '# a comment\r\n\r\n  ID=arch\r\nNAME="Arch Linux"\r\n#ID=fedora\r\n';
    expect(parseOsRelease(text)).toEqual({ ID: 'arch', NAME: 'Arch Linux' });
  });

  it('undoes shell escapes inside double quotes and keeps single quotes literal', () => {
    const text = [
      'PRETTY_NAME="My \\"Special\\" OS \\$HOME \\`x\\` back\\\\slash"',
      "VARIANT='single \\n $literal'",
      'BARE=no\\ space',
      'KEEP="a\\nb"',
    ].join('\n');
    expect(parseOsRelease(text)).toEqual({
      PRETTY_NAME: 'My "Special" OS $HOME `x` back\\slash',
      VARIANT: 'single \\n $literal',
      BARE: 'no space',
      KEEP: 'a\\nb',
    });
  });

  it('skips lines that are not assignments or leave a quote open, and lets a later duplicate win', () => {
    const text = 'garbage line\n=novalue\n1BAD=x\nOPEN="never closed\nID=first\nID=second\n';
    expect(parseOsRelease(text)).toEqual({ ID: 'second' });
  });

  it('returns nothing for empty text', () => {
    expect(parseOsRelease('')).toEqual({});
  });
});
