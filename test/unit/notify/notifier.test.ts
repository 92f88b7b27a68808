import { describe, expect, it } from 'vitest';
import { createNotifier } from '../../../src/notify/notifier.js';
import type { StatusEvent } from '../../../src/status/types.js';
import { memoryLastIdStore } from '../../helpers/memory-last-id-store.js';
import { componentChanged, startedWorking, stoppedWorking, withId } from '../../helpers/status-events.js';
import { waitUntil } from '../../helpers/wait.js';
import { fakeClock } from './fake-clock.js';

const quiet = { debug() {}, info() {}, warn() {}, error() {} };

// Event `id` of `device`: started or stopped working; a null device is a component change.
function event(id: number, device: string | null, kind: 'started_working' | 'stopped_working' = 'started_working'): StatusEvent {
  if (device === null) return withId(id, componentChanged());
  return withId(id, kind === 'started_working' ? startedWorking(device) : stoppedWorking(device));
}

// Each step: at time t (ms from the start), either an event arrives or only time passes.
type Step = { t: number; event?: StatusEvent };
interface Case {
  name: string;
  persisted?: number | null;
  minIntervalMs?: number;
  steps: Step[];
  // What was shown, in order: "id@t" (+folded count when not 0).
  shown: string[];
  // The id persisted at the end (after close when `close` is set).
  saved: number | null;
  close?: boolean;
}

const CASES: Case[] = [
  {
    name: 'shows every new event of different devices at once',
    steps: [{ t: 0, event: event(1, 'NPU') }, { t: 1, event: event(2, 'GPU') }],
    shown: ['1@0', '2@1'],
    saved: 2,
  },
  {
    name: 'a version change alone is not shown, but counts as handled',
    steps: [{ t: 0, event: event(1, null) }, { t: 1, event: event(2, 'NPU') }],
    shown: ['2@1'],
    saved: 2,
  },
  {
    name: 'dedupe: an id at or below the last handled one is ignored (replay after reconnect)',
    steps: [{ t: 0, event: event(5, 'NPU') }, { t: 1, event: event(5, 'NPU') }, { t: 2, event: event(4, 'GPU') }, { t: 70_000, event: event(6, 'NPU') }],
    shown: ['5@0', '6@70000'],
    saved: 6,
  },
  {
    name: 'dedupe across restarts: nothing at or below the persisted id is shown',
    persisted: 10,
    steps: [{ t: 0, event: event(9, 'NPU') }, { t: 0, event: event(10, 'NPU') }, { t: 0, event: event(11, 'NPU') }],
    shown: ['11@0'],
    saved: 11,
  },
  {
    name: 'rate limit: a second event within the interval is held and shown when the interval ends',
    minIntervalMs: 60_000,
    steps: [{ t: 0, event: event(1, 'NPU') }, { t: 10_000, event: event(2, 'NPU', 'stopped_working') }, { t: 59_999 }, { t: 60_000 }],
    shown: ['1@0', '2@60000'],
    saved: 2,
  },
  {
    name: 'flapping: the latest state wins; superseded events are folded into the one shown',
    minIntervalMs: 60_000,
    steps: [
      { t: 0, event: event(1, 'NPU') },
      { t: 5_000, event: event(2, 'NPU', 'stopped_working') },
      { t: 6_000, event: event(3, 'NPU', 'started_working') },
      { t: 7_000, event: event(4, 'NPU', 'stopped_working') },
      { t: 60_000 },
    ],
    shown: ['1@0', '4@60000+2'],
    saved: 4,
  },
  {
    name: 'rate limit is per device: another device is not held',
    minIntervalMs: 60_000,
    steps: [{ t: 0, event: event(1, 'NPU') }, { t: 1_000, event: event(2, 'GPU') }, { t: 2_000, event: event(3, 'NPU') }, { t: 3_000, event: event(4, 'GPU') }, { t: 61_000 }],
    shown: ['1@0', '2@1000', '3@60000', '4@61000'],
    saved: 4,
  },
  {
    name: 'after the interval a new event is shown at once, and the interval restarts from it',
    minIntervalMs: 60_000,
    steps: [{ t: 0, event: event(1, 'NPU') }, { t: 60_000, event: event(2, 'NPU') }, { t: 90_000, event: event(3, 'NPU') }, { t: 120_000 }],
    shown: ['1@0', '2@60000', '3@120000'],
    saved: 3,
  },
  {
    name: 'minIntervalMs 0 turns rate limiting off',
    minIntervalMs: 0,
    steps: [{ t: 0, event: event(1, 'NPU') }, { t: 0, event: event(2, 'NPU') }, { t: 0, event: event(3, 'NPU') }],
    shown: ['1@0', '2@0', '3@0'],
    saved: 3,
  },
  {
    name: 'close shows a held event at once, so the latest state is not lost',
    minIntervalMs: 60_000,
    steps: [{ t: 0, event: event(1, 'NPU') }, { t: 1_000, event: event(2, 'NPU', 'stopped_working') }],
    close: true,
    shown: ['1@0', '2@1000'],
    saved: 2,
  },
  {
    name: 'a held event is not persisted until shown (a crash would let the daemon replay it)',
    minIntervalMs: 60_000,
    steps: [{ t: 0, event: event(1, 'NPU') }, { t: 1_000, event: event(2, 'NPU', 'stopped_working') }],
    shown: ['1@0'],
    saved: 1,
  },
];

describe('createNotifier', () => {
  it.each(CASES)('$name', async (testCase) => {
    const clock = fakeClock(0);
    const store = memoryLastIdStore(testCase.persisted ?? null);
    const shown: string[] = [];
    const notifier = createNotifier({
      show: async (shownEvent, folded) => {
        shown.push(`${shownEvent.id}@${clock.now()}${folded ? `+${folded}` : ''}`);
      },
      store,
      minIntervalMs: testCase.minIntervalMs ?? 60_000,
      clock,
      log: quiet,
    });
    for (const step of testCase.steps) {
      // Move to each due timer in turn, letting its delivery run before time moves on.
      for (let next = clock.nextAt(); next !== undefined && next <= step.t; next = clock.nextAt()) {
        clock.advance(next - clock.now());
        await notifier.idle();
      }
      clock.advance(step.t - clock.now());
      if (step.event) notifier.offer(step.event);
      await notifier.idle();
    }
    if (testCase.close) await notifier.close();
    await notifier.idle();
    expect(shown).toEqual(testCase.shown);
    expect(store.load()).toBe(testCase.saved);
    // Persisted ids only ever grow.
    expect([...store.saved].sort((a, b) => a - b)).toEqual(store.saved);
  });

  it('reports its position for Last-Event-ID: persisted, then the highest id seen, including id-only lines', async () => {
    const store = memoryLastIdStore(null);
    const notifier = createNotifier({ show: async () => undefined, store, clock: fakeClock(0), log: quiet });
    expect(notifier.position()).toBeNull();
    notifier.markSeen(40);
    expect(notifier.position()).toBe(40);
    notifier.offer(event(40, 'NPU'));
    notifier.offer(event(41, 'NPU'));
    await notifier.idle();
    expect(notifier.position()).toBe(41);
    expect(store.saved).toEqual([40, 41]);
    expect(createNotifier({ show: async () => undefined, store: memoryLastIdStore(7), log: quiet }).position()).toBe(7);
  });

  it('delivers one at a time, in order, and counts a failed delivery as handled', async () => {
    const store = memoryLastIdStore(null);
    const order: string[] = [];
    // Each delivery stays open until the test finishes it.
    const finish = new Map<number, () => void>();
    const notifier = createNotifier({
      show: async (shownEvent) => {
        order.push(`start ${shownEvent.id}`);
        await new Promise<void>((resolve) => finish.set(shownEvent.id, resolve));
        order.push(`end ${shownEvent.id}`);
        if (shownEvent.id === 2) throw new Error('no notification server');
      },
      store,
      clock: fakeClock(0),
      log: quiet,
    });
    notifier.offer(event(1, 'NPU'));
    notifier.offer(event(2, 'GPU'));
    notifier.offer(event(3, 'CPU'));
    for (const id of [1, 2, 3]) {
      await waitUntil(() => finish.get(id));
      // The next delivery has not started while this one is open.
      expect(order.at(-1)).toBe(`start ${id}`);
      finish.get(id)?.();
    }
    await notifier.idle();
    expect(order).toEqual(['start 1', 'end 1', 'start 2', 'end 2', 'start 3', 'end 3']);
    expect(store.saved).toEqual([1, 2, 3]);
  });
});
