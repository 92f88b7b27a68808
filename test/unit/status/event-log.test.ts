import { describe, expect, it } from 'vitest';
import { createEventLog, type StatusEventDraft } from '../../../src/status/event-log.js';
import type { StatusEvent } from '../../../src/status/types.js';

const draft = (summary: string): StatusEventDraft => ({ kind: 'component_changed', device: null, at: 1, summary, detail: { changed_components: {} } });
const fresh = { nextId: 1, events: [] };

describe('event log', () => {
  it('gives increasing ids from where it was left', () => {
    const log = createEventLog({ nextId: 41, events: [] }, 10);
    expect([log.append(draft('a')).id, log.append(draft('b')).id]).toEqual([41, 42]);
    expect(log.snapshot().nextId).toBe(43);
  });

  it('puts the id first and ignores one a draft carries', () => {
    const log = createEventLog(fresh, 10);
    const event = log.append({ ...draft('a'), id: 99 } as unknown as StatusEventDraft);
    expect(event.id).toBe(1);
    expect(Object.keys(event)[0]).toBe('id');
  });

  it('keeps the last `capacity` events, and ids keep increasing past them', () => {
    const log = createEventLog(fresh, 3);
    for (const s of ['a', 'b', 'c', 'd', 'e']) log.append(draft(s));
    expect(log.snapshot()).toMatchObject({ nextId: 6, events: [{ id: 3 }, { id: 4 }, { id: 5 }] });
  });

  it('since(id) replays what came after it (SSE Last-Event-ID)', () => {
    const log = createEventLog(fresh, 10);
    for (const s of ['a', 'b', 'c']) log.append(draft(s));
    expect(log.since(0).map((e) => e.summary)).toEqual(['a', 'b', 'c']);
    expect(log.since(2).map((e) => e.summary)).toEqual(['c']);
    expect(log.since(3)).toEqual([]);
  });

  it('since(an id it never gave) replays all it kept: the client is from before a reset', () => {
    const log = createEventLog(fresh, 10);
    log.append(draft('a'));
    expect(log.since(57).map((e) => e.summary)).toEqual(['a']);
    expect(log.since(Number.NaN).map((e) => e.summary)).toEqual(['a']);
  });

  it('resumes from a snapshot: trims it to capacity and never reuses an id it holds', () => {
    const held = [1, 2, 3, 4].map((id) => ({ id, ...draft(String(id)) }) as StatusEvent);
    const log = createEventLog({ nextId: 2, events: held }, 2);
    expect(log.snapshot().events.map((e) => e.id)).toEqual([3, 4]);
    expect(log.append(draft('next')).id).toBe(5);
  });

  it('tells subscribers until they unsubscribe', () => {
    const log = createEventLog(fresh, 10);
    const seen: number[] = [];
    const unsubscribe = log.subscribe((e) => seen.push(e.id));
    log.append(draft('a'));
    unsubscribe();
    log.append(draft('b'));
    expect(seen).toEqual([1]);
  });

  it('a throwing subscriber does not stop the others, and its error is reported', () => {
    const errors: unknown[] = [];
    const log = createEventLog(fresh, 10, (error) => errors.push(error));
    const seen: number[] = [];
    log.subscribe(() => {
      throw new Error('notifier down');
    });
    log.subscribe((e) => seen.push(e.id));
    log.append(draft('a'));
    expect(seen).toEqual([1]);
    expect(errors).toEqual([new Error('notifier down')]);
    expect(log.snapshot().events).toHaveLength(1);
  });

  it('without an error handler, a subscriber error is thrown after every subscriber ran', () => {
    const log = createEventLog(fresh, 10);
    const seen: number[] = [];
    log.subscribe(() => {
      throw new Error('notifier down');
    });
    log.subscribe((e) => seen.push(e.id));
    expect(() => log.append(draft('a'))).toThrow('notifier down');
    expect(seen).toEqual([1]);
  });
});
