import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createStatusTracker, type StatusStoreIo } from '../../../src/status/status-tracker.js';
import { loadStatusStore, saveStatusStore, STATUS_FILE } from '../../../src/status/store.js';
import type { CanaryObservation } from '../../../src/status/types.js';
import { DEFAULT_POLICY, DRIVER_UPDATED, pass, seedCrash } from './observations.js';
import { logSink } from './sink.js';

let dir: string;
beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'npu-watch-tracker-'));
});
afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

const tracker = (over: { capacity?: number; store?: StatusStoreIo } = {}) => {
  const sink = logSink();
  const created = createStatusTracker({ dir, policy: DEFAULT_POLICY, capacity: over.capacity ?? 100, log: sink.log, clock: { now: () => 5_000, monotonic: () => 0 }, store: over.store });
  return Object.assign(created, { lines: sink.lines });
};
// The tracker's clock reads 5 s: a fresh state numbers its events from its creation time (store.ts firstEventIdAt).
const FIRST = 5_000;
let clock = 0;
const at = (observation: CanaryObservation): CanaryObservation => ({ ...observation, at: (clock += 1000) });
const cpuPass = (): CanaryObservation => ({ ...pass(null), device: 'CPU' });

describe('status tracker', () => {
  it("follows the seed's machine from broken to working across a driver update", () => {
    const t = tracker();
    // The CPU control working from the start is not news; the NPU's first failure is not broken yet (2 needed).
    expect(t.observe([at(seedCrash()), at(cpuPass())]).map((e) => e.kind)).toEqual([]);
    expect(t.observe([at(seedCrash()), at(cpuPass())])).toEqual([]);
    expect(t.devices()).toMatchObject({ 'openvino-node/NPU': { state: 'broken' }, 'openvino-node/CPU': { state: 'working' } });
    const changed = t.componentsChanged([{ component: 'intel-npu-driver', from: '1.16.0-1.fc44', to: '1.17.0-1.fc43' }]);
    expect(changed).toMatchObject({ id: FIRST, kind: 'component_changed', at: 5_000 });
    const [started] = t.observe([at(pass(27.1, DRIVER_UPDATED)), at(cpuPass())]);
    expect(started).toMatchObject({
      id: FIRST + 1,
      kind: 'started_working',
      device: 'NPU',
      summary: 'NPU on OpenVINO 2025.3.0 (openvino-node) started working: 27.1 tok/s (after intel-npu-driver 1.16.0-1.fc44 → 1.17.0-1.fc43)',
    });
    expect(t.events.since(0).map((e) => e.id)).toEqual([FIRST, FIRST + 1]);
  });

  it('persists after every change: status.json holds the states, observations and events', () => {
    const t = tracker();
    t.observe([at(pass())]);
    const saved = loadStatusStore(dir, logSink().log);
    expect(saved).toMatchObject({ version: 2, devices: { 'openvino-node/NPU': { state: 'working' } }, next_event_id: FIRST + 1, events: [{ id: FIRST, kind: 'started_working' }] });
    expect(saved.last_observations['openvino-node/NPU']?.result).toBe('ok');
    expect(fs.readdirSync(dir)).toEqual([STATUS_FILE]);
  });

  it('a restart repeats no event and continues the ids', () => {
    const first = tracker();
    first.observe([at(seedCrash()), at(cpuPass())]);
    first.observe([at(seedCrash())]);
    first.observe([at(pass(12))]);
    const told = first.events.since(0);
    expect(told.map((e) => e.kind)).toEqual(['started_working', 'slower_than_expected']);

    const second = tracker();
    expect(second.devices()).toEqual(first.devices());
    expect(second.events.since(0)).toEqual(told);
    expect(second.observe([at(pass(12)), at(cpuPass())])).toEqual([]);
    expect(second.componentsChanged([{ component: 'openvino', from: '2025.3.0', to: '2025.4.0' }]).id).toBe(FIRST + 2);
  });

  it('a restart keeps the debouncing counts: one failure before and one after make "broken"', () => {
    tracker().observe([at(pass())]);
    tracker().observe([at(seedCrash())]);
    expect(tracker().observe([at(seedCrash())]).map((e) => e.kind)).toEqual(['stopped_working']);
  });

  it('a restart over a corrupt status.json warns once and starts fresh', () => {
    fs.writeFileSync(path.join(dir, STATUS_FILE), '{"version": 1, "devi');
    const t = tracker();
    expect(t.lines.filter((l) => l.level === 'warn')).toHaveLength(1);
    expect(t.observe([at(pass())])).toMatchObject([{ id: FIRST, kind: 'started_working' }]);
  });

  it('keeps the last `capacity` events, on disk too', () => {
    const t = tracker({ capacity: 2 });
    t.observe([at(pass())]);
    for (const version of ['1', '2', '3']) t.componentsChanged([{ component: 'x', from: null, to: version }]);
    expect(t.events.since(0).map((e) => e.id)).toEqual([FIRST + 2, FIRST + 3]);
    expect(loadStatusStore(dir, logSink().log)).toMatchObject({ next_event_id: FIRST + 4, events: [{ id: FIRST + 2 }, { id: FIRST + 3 }] });
  });

  it('tells subscribers; one that throws is logged and the status is still saved', () => {
    const t = tracker();
    const seen: string[] = [];
    t.events.subscribe(() => {
      throw new Error('notifier down');
    });
    t.events.subscribe((e) => seen.push(e.kind));
    t.observe([at(pass())]);
    expect(seen).toEqual(['started_working']);
    expect(t.lines.filter((l) => l.level === 'error').map((l) => l.msg)).toEqual([`a status event listener failed on event ${FIRST}`]);
    expect(loadStatusStore(dir, logSink().log).next_event_id).toBe(FIRST + 1);
  });

  it('a failing save is logged once until it works again, and never thrown', () => {
    let failing = true;
    const store: StatusStoreIo = {
      load: loadStatusStore,
      save: (d, data) => {
        if (failing) throw Object.assign(new Error('ENOSPC: no space left on device'), { code: 'ENOSPC' });
        saveStatusStore(d, data);
      },
    };
    const t = tracker({ store });
    expect(t.observe([at(pass())]).map((e) => e.kind)).toEqual(['started_working']);
    t.observe([at(pass())]);
    failing = false;
    t.observe([at(pass())]);
    expect(t.lines.filter((l) => l.level !== 'debug').map((l) => l.level)).toEqual(['error', 'info']);
    expect(loadStatusStore(dir, logSink().log).next_event_id).toBe(FIRST + 1);
  });
});
