import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { defaultLastIdFile, fileLastIdStore } from '../../../src/notify/last-id.js';

const dirs: string[] = [];
afterEach(() => {
  for (const dir of dirs.splice(0)) fs.rmSync(dir, { recursive: true, force: true });
});

function tempDir(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'npu-watch-last-id-'));
  dirs.push(dir);
  return dir;
}

function recordingLog() {
  const warnings: string[] = [];
  return { warnings, log: { debug() {}, info() {}, error() {}, warn: (_object: unknown, message?: string) => void warnings.push(message ?? '') } };
}

describe('defaultLastIdFile', () => {
  it('uses $XDG_STATE_HOME, else ~/.local/state (a relative XDG_STATE_HOME is ignored, as the spec says)', () => {
    expect(defaultLastIdFile({ XDG_STATE_HOME: '/x/state' }, '/home/u')).toBe('/x/state/npu-watch/notify-last-id');
    expect(defaultLastIdFile({}, '/home/u')).toBe('/home/u/.local/state/npu-watch/notify-last-id');
    expect(defaultLastIdFile({ XDG_STATE_HOME: 'rel' }, '/home/u')).toBe('/home/u/.local/state/npu-watch/notify-last-id');
  });
});

describe('fileLastIdStore', () => {
  it('returns null without a file, then what was saved, creating the directory; leaves no temp file', () => {
    const dir = tempDir();
    const file = path.join(dir, 'a', 'b', 'notify-last-id');
    const { log, warnings } = recordingLog();
    const store = fileLastIdStore(file, log);
    expect(store.load()).toBeNull();
    store.save(41);
    store.save(42);
    expect(fs.readFileSync(file, 'utf8')).toBe('42\n');
    expect(fileLastIdStore(file, log).load()).toBe(42);
    expect(fs.readdirSync(path.dirname(file))).toEqual(['notify-last-id']);
    expect(warnings).toEqual([]);
  });

  it('treats a corrupt file as no id, with a warning', () => {
    const file = path.join(tempDir(), 'notify-last-id');
    fs.writeFileSync(file, 'garbage');
    const { log, warnings } = recordingLog();
    expect(fileLastIdStore(file, log).load()).toBeNull();
    expect(warnings[0]).toMatch(/does not hold an event id/);
  });

  it('logs and does not throw when it cannot write', () => {
    const dir = tempDir();
    fs.writeFileSync(path.join(dir, 'file'), '');
    const { log, warnings } = recordingLog();
    expect(() => fileLastIdStore(path.join(dir, 'file', 'notify-last-id'), log).save(1)).not.toThrow();
    expect(warnings[0]).toMatch(/cannot save the last shown event id/);
  });
});
