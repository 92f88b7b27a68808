import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { emptyStatusStore, loadStatusStore, saveStatusStore, STATUS_FILE, type StatusStoreData } from '../../../src/status/store.js';
import {
  componentChangedEvent,
  failingDifferentlyEvent,
  slowerThanExpectedEvent,
  startedWorkingEvent,
  stoppedWorkingEvent,
} from '../../../src/status/status-events.js';
import type { StatusEvent } from '../../../src/status/types.js';
import { SEED_SIGNATURE, pass, seedCrash } from './observations.js';
import { logSink } from './sink.js';

const sample = (): StatusStoreData => ({
  version: 2,
  devices: { 'openvino-node/NPU': { state: 'broken', passes: 0, failures: 3, signature: SEED_SIGNATURE, since: 1700000000000 } },
  last_observations: { 'openvino-node/NPU': { ...seedCrash(), at: 1700000000000 } },
  next_event_id: 8,
  events: [{ id: 7, ...stoppedWorkingEvent({ ...seedCrash(), at: 1700000000000 }, 2) }],
});

// A store in which every field of every shape is set (no null where a value can be, every event kind),
// so a field the schema forgets is lost on reload and the round trip below fails.
const everyFieldSet = (): StatusStoreData => {
  const broken = { ...seedCrash(), at: 1700000000000 };
  const working = { ...pass(27.1), at: 1700000100000, watts: 4.04 };
  const changes = { 'intel-npu-driver': { from: '1.16.0-1.fc44', to: '1.17.0-1.fc43' } };
  const drafts = [
    startedWorkingEvent(working, 'broken', broken, changes),
    stoppedWorkingEvent(broken, 2),
    failingDifferentlyEvent({ ...broken, result: 'infer_crash', signature: 'SIGSEGV' }, broken, changes),
    slowerThanExpectedEvent({ ...working, tokens_per_second: 12.3 }, 12.3, [20, 40]),
    componentChangedEvent([{ component: 'openvino', from: '2025.3.0', to: '2025.4.0' }], 1700000200000),
  ];
  return {
    version: 2,
    devices: { 'openvino-node/NPU': { state: 'working', passes: 1, failures: 0, signature: SEED_SIGNATURE, since: 1700000100000 } },
    last_observations: { 'openvino-node/NPU': working, 'python3/CPU': { ...working, device: 'CPU', runtime: { name: 'python3', kind: 'python', openvino_version: '2025.1.0' } } },
    next_event_id: 12,
    events: drafts.map((draft, index) => ({ id: index + 7, ...draft }) as StatusEvent),
  };
};

let dir: string;
beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'npu-watch-status-'));
});
afterEach(() => {
  vi.restoreAllMocks();
  fs.rmSync(dir, { recursive: true, force: true });
});

const file = () => path.join(dir, STATUS_FILE);
const listing = () => fs.readdirSync(dir).sort();
const NOW = Date.parse('2025-11-02T10:20:30.456Z');
const clock = { now: () => NOW, monotonic: () => 0 };

describe('status store', () => {
  it('a missing file is a fresh start, silently', () => {
    const { log, lines } = logSink();
    expect(loadStatusStore(dir, log, clock)).toEqual(emptyStatusStore(NOW));
    expect(lines).toEqual([]);
  });

  it('round-trips what it saved, leaving only status.json', () => {
    saveStatusStore(dir, sample());
    expect(listing()).toEqual([STATUS_FILE]);
    expect(loadStatusStore(dir, logSink().log)).toEqual(sample());
  });

  it('gives back every field it saved, watts and each kind of event included', () => {
    saveStatusStore(dir, everyFieldSet());
    expect(loadStatusStore(dir, logSink().log)).toStrictEqual(everyFieldSet());
  });

  it('reads a file from before observations kept watts: watts is null', () => {
    const older: Record<string, unknown> = { ...sample().last_observations['openvino-node/NPU'] };
    delete older.watts;
    fs.writeFileSync(file(), JSON.stringify({ ...sample(), last_observations: { 'openvino-node/NPU': older } }));
    expect(loadStatusStore(dir, logSink().log).last_observations['openvino-node/NPU']).toStrictEqual({ ...older, watts: null });
  });

  it('reads a file from before runtimes (version 1, keyed by device): its history becomes the default runtime\'s', () => {
    const oldCrash: Record<string, unknown> = { ...seedCrash(), at: 1700000000000 };
    delete oldCrash.runtime;
    const oldEvent: Record<string, unknown> = { id: 7, ...stoppedWorkingEvent({ ...seedCrash(), at: 1700000000000 }, 2), summary: 'NPU stopped working: compile_crash' };
    delete oldEvent.runtime;
    const version1 = {
      version: 1,
      devices: { NPU: { state: 'broken', passes: 0, failures: 3, signature: SEED_SIGNATURE, since: 1700000000000 } },
      last_observations: { NPU: oldCrash },
      next_event_id: 8,
      events: [oldEvent],
    };
    fs.writeFileSync(file(), JSON.stringify(version1));
    const { log, lines } = logSink();
    const loaded = loadStatusStore(dir, log);
    expect(lines).toEqual([]);
    expect(loaded).toEqual({
      version: 2,
      devices: { 'openvino-node/NPU': version1.devices.NPU },
      last_observations: { 'openvino-node/NPU': { ...oldCrash, runtime: { name: 'openvino-node', kind: 'node', openvino_version: null } } },
      next_event_id: 8,
      events: [{ ...oldEvent, runtime: null }],
    });
    expect(listing()).toEqual([STATUS_FILE]);
  });

  it('creates the state dir 0700 when missing', () => {
    const nested = path.join(dir, 'var', 'lib', 'npu-watch');
    saveStatusStore(nested, sample());
    expect(fs.statSync(nested).mode & 0o777).toBe(0o700);
    expect(loadStatusStore(nested, logSink().log)).toEqual(sample());
  });

  it('replaces the old file whole', () => {
    saveStatusStore(dir, sample());
    saveStatusStore(dir, { ...sample(), next_event_id: 9 });
    expect(loadStatusStore(dir, logSink().log).next_event_id).toBe(9);
    expect(listing()).toEqual([STATUS_FILE]);
  });

  it('data that cannot be serialized throws and leaves the old file and nothing else', () => {
    saveStatusStore(dir, sample());
    const before = fs.readFileSync(file(), 'utf8');
    const unserializable = { ...sample(), next_event_id: 10n } as unknown as StatusStoreData;
    expect(() => saveStatusStore(dir, unserializable)).toThrow(/BigInt/);
    expect(fs.readFileSync(file(), 'utf8')).toBe(before);
    expect(listing()).toEqual([STATUS_FILE]);
  });

  it('a failure after the temp file was written removes it and leaves the old file', () => {
    saveStatusStore(dir, sample());
    const before = fs.readFileSync(file(), 'utf8');
    vi.spyOn(fs, 'renameSync').mockImplementation(() => {
      throw Object.assign(new Error('EIO: i/o error, rename'), { code: 'EIO' });
    });
    expect(() => saveStatusStore(dir, { ...sample(), next_event_id: 99 })).toThrow('EIO');
    expect(fs.readFileSync(file(), 'utf8')).toBe(before);
    expect(listing()).toEqual([STATUS_FILE]);
  });

  it('a real rename failure (status.json is a directory) throws, removes the temp file, touches nothing', () => {
    fs.mkdirSync(file());
    fs.writeFileSync(path.join(file(), 'keep'), 'x');
    expect(() => saveStatusStore(dir, sample())).toThrow(/EISDIR|ENOTEMPTY|EEXIST/);
    expect(listing()).toEqual([STATUS_FILE]);
    expect(fs.readdirSync(file())).toEqual(['keep']);
  });

  const corrupt: Array<[string, string, RegExp]> = [
    ['half-written JSON', '{"version": 1, "devi', /not JSON/],
    ['not an object', '[]', /expected object/],
    ['another version', JSON.stringify({ ...sample(), version: 3 }), /^version: expected version 1 or 2/],
    ['a state that does not exist', JSON.stringify({ ...sample(), devices: { NPU: { ...sample().devices.NPU, state: 'fine' } } }), /^devices\.NPU\.state: /],
    [
      'an unknown canary result',
      JSON.stringify({ ...sample(), last_observations: { 'openvino-node/NPU': { ...sample().last_observations['openvino-node/NPU'], result: 'meh' } } }),
      /^last_observations\.openvino-node\/NPU\.result: /,
    ],
    [
      'an observation filed under another device',
      JSON.stringify({ ...sample(), last_observations: { 'openvino-node/GPU': sample().last_observations['openvino-node/NPU'] } }),
      /^last_observations\.openvino-node\/GPU: expected the key "openvino-node\/NPU"/,
    ],
    [
      'an observation filed under another runtime',
      JSON.stringify({ ...sample(), last_observations: { 'python3/NPU': sample().last_observations['openvino-node/NPU'] } }),
      /^last_observations\.python3\/NPU: expected the key "openvino-node\/NPU"/,
    ],
    ['an event id the next id would reuse', JSON.stringify({ ...sample(), next_event_id: 7 }), /^events\.0\.id: at or above next_event_id/],
    ['an unknown event kind', JSON.stringify({ ...sample(), events: [{ ...sample().events[0], kind: 'exploded' }] }), /^events\.0\.kind: /],
    ['an event whose detail is not its kind\'s', JSON.stringify({ ...sample(), events: [{ ...sample().events[0], detail: { result: 'compile_crash' } }] }), /^events\.0\.detail\.signature: /],
  ];
  it.each(corrupt)('%s: moved aside with exactly one warning naming the file and the reason, then fresh', (_what, text, reason) => {
    fs.writeFileSync(file(), text);
    const { log, lines } = logSink();
    expect(loadStatusStore(dir, log, clock)).toEqual(emptyStatusStore(NOW));
    const aside = `${STATUS_FILE}.corrupt-2025-11-02T10-20-30-456Z`;
    expect(listing()).toEqual([aside]);
    expect(fs.readFileSync(path.join(dir, aside), 'utf8')).toBe(text);
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatchObject({ level: 'warn', file: file(), moved_to: path.join(dir, aside) });
    expect(lines[0]!.reason).toMatch(reason);
    expect(lines[0]!.msg).toContain(file());
  });

  it('after a corrupt file was moved aside, the next save starts a new status.json', () => {
    fs.writeFileSync(file(), 'garbage');
    loadStatusStore(dir, logSink().log, clock);
    saveStatusStore(dir, sample());
    expect(loadStatusStore(dir, logSink().log)).toEqual(sample());
  });

  it('a directory at status.json is moved aside with one warning (saves could never replace it), then a fresh start', () => {
    fs.mkdirSync(file());
    const { log, lines } = logSink();
    expect(loadStatusStore(dir, log, clock)).toEqual(emptyStatusStore(NOW));
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatchObject({ level: 'warn', file: file() });
    expect(lines[0]!.msg).toContain('a directory, not a regular file');
    expect(fs.existsSync(file())).toBe(false);
  });
});

describe('event ids across a state reset', () => {
  it('a fresh state numbers its events from the time it was created, above the ids of the state it replaces', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'npu-watch-reset-'));
    try {
      const before = { now: () => Date.UTC(2026, 0, 1), monotonic: () => 0 };
      const first = loadStatusStore(dir, logSink().log, before);
      // A year of events at one a minute, far more than a daemon makes.
      saveStatusStore(dir, { ...first, next_event_id: first.next_event_id + 525_600 });
      fs.writeFileSync(path.join(dir, STATUS_FILE), '{ "version": 1, "devi');
      const after = { now: () => Date.UTC(2027, 0, 1), monotonic: () => 0 };
      const reset = loadStatusStore(dir, logSink().log, after);
      expect(reset.events).toEqual([]);
      expect(reset.next_event_id).toBeGreaterThan(first.next_event_id + 525_600);
      expect(String(reset.next_event_id)).toMatch(/^\d{1,15}$/);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
