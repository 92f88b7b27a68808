import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { writeFileAtomic } from '../../../src/host/atomic-write.js';

let dir: string;
beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'npu-watch-atomic-'));
});
afterEach(() => {
  vi.restoreAllMocks();
  fs.rmSync(dir, { recursive: true, force: true });
});

const file = () => path.join(dir, 'state');
const listing = () => fs.readdirSync(dir).sort();
const ioError = (syscall: string) => Object.assign(new Error(`EIO: i/o error, ${syscall}`), { code: 'EIO' });

describe('writeFileAtomic', () => {
  it('writes a new file 0600 and replaces it whole, leaving no temp file', () => {
    writeFileAtomic(file(), 'old\n');
    expect(fs.statSync(file()).mode & 0o777).toBe(0o600);
    writeFileAtomic(file(), 'new\n');
    expect(fs.readFileSync(file(), 'utf8')).toBe('new\n');
    expect(listing()).toEqual(['state']);
  });

  it('creates missing directories 0700', () => {
    const nested = path.join(dir, 'a', 'b', 'state');
    writeFileAtomic(nested, 'x');
    expect(fs.statSync(path.join(dir, 'a', 'b')).mode & 0o777).toBe(0o700);
    expect(fs.readFileSync(nested, 'utf8')).toBe('x');
  });

  it('a write that fails half-way leaves the old content and no temp file', () => {
    writeFileAtomic(file(), 'old\n');
    const write = fs.writeFileSync;
    vi.spyOn(fs, 'writeFileSync').mockImplementation((target, data) => {
      // Half of the new content reaches the temp file, then the disk is full.
      write(target, String(data).slice(0, 3));
      throw Object.assign(new Error('ENOSPC: no space left on device, write'), { code: 'ENOSPC' });
    });
    expect(() => writeFileAtomic(file(), 'new content\n')).toThrow('ENOSPC');
    expect(fs.readFileSync(file(), 'utf8')).toBe('old\n');
    expect(listing()).toEqual(['state']);
  });

  it('a failed rename leaves the old content and removes the temp file', () => {
    writeFileAtomic(file(), 'old\n');
    vi.spyOn(fs, 'renameSync').mockImplementation(() => {
      throw ioError('rename');
    });
    expect(() => writeFileAtomic(file(), 'new\n')).toThrow('EIO');
    expect(fs.readFileSync(file(), 'utf8')).toBe('old\n');
    expect(listing()).toEqual(['state']);
  });

  it('a real rename failure (the target is a directory) throws and removes the temp file', () => {
    fs.mkdirSync(file());
    fs.writeFileSync(path.join(file(), 'keep'), 'x');
    expect(() => writeFileAtomic(file(), 'new\n')).toThrow(/EISDIR|ENOTEMPTY|EEXIST/);
    expect(listing()).toEqual(['state']);
    expect(fs.readdirSync(file())).toEqual(['keep']);
  });

  it('the content is on disk before the rename makes it visible', () => {
    const order: string[] = [];
    const fsync = fs.fsyncSync;
    const rename = fs.renameSync;
    vi.spyOn(fs, 'fsyncSync').mockImplementation((fd) => {
      order.push('fsync');
      fsync(fd);
    });
    vi.spyOn(fs, 'renameSync').mockImplementation((from, to) => {
      order.push('rename');
      rename(from, to);
    });
    writeFileAtomic(file(), 'new\n');
    // The temp file, then (after the rename) the directory holding the new name.
    expect(order).toEqual(['fsync', 'rename', 'fsync']);
  });
});
