import fs from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { materializeHost, parsePermissions } from '../../helpers/host-fixture.js';

describe('materializeHost', () => {
  it('copies the host with its relative symlinks, applies permissions.txt and opens the root', async () => {
    const host = await materializeHost('fedora43-lunarlake');
    try {
      expect(host.paths).toEqual({
        sysfs: path.join(host.root, 'sys'),
        procfs: path.join(host.root, 'proc'),
        dev: path.join(host.root, 'dev'),
        firmware: path.join(host.root, 'lib/firmware'),
        etc: path.join(host.root, 'etc'),
      });
      expect(host.bin).toBe(path.join(host.root, 'bin'));
      expect((await fs.stat(host.root)).mode & 0o777).toBe(0o755);
      const link = path.join(host.paths.sysfs, 'bus/pci/devices/0000:00:0b.0');
      expect(await fs.readlink(link)).toBe('../../../devices/pci0000:00/0000:00:0b.0');
      expect(await fs.readFile(path.join(link, 'device'), 'utf8')).toBe('0x643e\n');
      const node = await fs.stat(path.join(host.paths.dev, 'accel/accel0'));
      expect({ mode: node.mode & 0o7777, uid: node.uid, gid: node.gid }).toEqual({ mode: 0o660, uid: 0, gid: 105 });
    } finally {
      await host.cleanup();
    }
    await expect(fs.access(host.root)).rejects.toThrow(/ENOENT/);
  });

  it('gives each call its own copy', async () => {
    const [a, b] = await Promise.all([materializeHost('no-npu'), materializeHost('no-npu')]);
    try {
      expect(a.root).not.toBe(b.root);
    } finally {
      await Promise.all([a.cleanup(), b.cleanup()]);
    }
  });

  it('rejects an unknown host, listing the known ones', async () => {
    await expect(materializeHost('nope')).rejects.toThrow(/no fixture host "nope" \(have: .*fedora43-lunarlake/);
  });
});

describe('parsePermissions', () => {
  it('reads path, octal mode, uid and gid, skipping blanks and comments', () => {
    expect(parsePermissions('# node\n\ndev/accel/accel0 0660 0 105\ndev/x 600 1000 1000\n', 'p.txt')).toEqual([
      { path: 'dev/accel/accel0', mode: 0o660, uid: 0, gid: 105 },
      { path: 'dev/x', mode: 0o600, uid: 1000, gid: 1000 },
    ]);
  });

  it.each(['dev/accel/accel0 0660 0', 'dev/accel/accel0 0980 0 0', '/dev/accel/accel0 0660 0 0', '../x 0660 0 0'])(
    'rejects %j with its line number',
    (line) => {
      expect(() => parsePermissions(`# first\n${line}\n`, 'p.txt')).toThrow(
        `p.txt:2: expected "relative/path mode uid gid", got ${JSON.stringify(line)}`,
      );
    },
  );
});
