import { describe, expect, it } from 'vitest';
import { rememberObservation } from '../../../src/status/remembered-observation.js';
import { componentChangedEvent, transition } from '../../../src/status/transition.js';
import type { StatusEventDraft } from '../../../src/status/status-events.js';
import type { CanaryObservation, DeviceState, StatusEventKind, StatusPolicy } from '../../../src/status/types.js';
import {
  BROKEN_AS_IN_SEED,
  NODE_RUNTIME,
  DEFAULT_POLICY,
  DRIVER_UPDATED,
  FEDORA43,
  NEW_DRIVER_SIGNATURE,
  SEED_SIGNATURE,
  UNKNOWN,
  WORKING,
  WORKING_SLOWLY,
  newDriverCrash,
  pass,
  seedCrash,
  skipped,
  timeout,
  type Start,
} from './observations.js';

// Feeds `steps` (at 1 s, 2 s, …) through the machine as the tracker does, remembering observations.
function run(start: Start, steps: CanaryObservation[], policy: StatusPolicy = DEFAULT_POLICY) {
  let { status, previous } = start;
  const events: StatusEventDraft[] = [];
  steps.forEach((step, index) => {
    const observation = { ...step, at: (index + 1) * 1000 };
    const next = transition(status, observation, policy, previous);
    previous = rememberObservation(previous, observation, next.status);
    status = next.status;
    events.push(...next.events);
  });
  return { status, previous, events };
}

const policy = (over: Partial<StatusPolicy>): StatusPolicy => ({ ...DEFAULT_POLICY, ...over });

interface Row {
  name: string;
  start: Start;
  steps: CanaryObservation[];
  policy?: StatusPolicy;
  state: DeviceState;
  events: StatusEventKind[];
}

const table: Row[] = [
  // From unknown: the first verdict.
  { name: 'unknown, one pass → working, told', start: UNKNOWN, steps: [pass()], state: 'working', events: ['started_working'] },
  { name: 'unknown, one failure → still unknown', start: UNKNOWN, steps: [seedCrash()], state: 'unknown', events: [] },
  { name: 'unknown, two failures → broken, not told', start: UNKNOWN, steps: [seedCrash(), seedCrash()], state: 'broken', events: [] },
  { name: 'unknown, failure then pass → working', start: UNKNOWN, steps: [seedCrash(), pass()], state: 'working', events: ['started_working'] },
  { name: 'unknown, failures of two kinds → broken, nothing else', start: UNKNOWN, steps: [seedCrash(), timeout()], state: 'broken', events: [] },
  // Working → broken, debounced.
  { name: 'working, one failure → still working', start: WORKING, steps: [seedCrash()], state: 'working', events: [] },
  { name: 'working, two failures → broken', start: WORKING, steps: [seedCrash(), seedCrash()], state: 'broken', events: ['stopped_working'] },
  { name: 'working, failures of two kinds → broken once', start: WORKING, steps: [timeout(), seedCrash()], state: 'broken', events: ['stopped_working'] },
  { name: 'working, a pass between failures resets the count', start: WORKING, steps: [seedCrash(), pass(), seedCrash()], state: 'working', events: [] },
  { name: 'working, more failures after broken → told once', start: WORKING, steps: [seedCrash(), seedCrash(), seedCrash(), seedCrash()], state: 'broken', events: ['stopped_working'] },
  { name: 'failures_to_broken 1: one failure is enough', start: WORKING, steps: [seedCrash()], policy: policy({ failures_to_broken: 1 }), state: 'broken', events: ['stopped_working'] },
  { name: 'failures_to_broken 3: two are not', start: WORKING, steps: [seedCrash(), seedCrash()], policy: policy({ failures_to_broken: 3 }), state: 'working', events: [] },
  { name: 'failures_to_broken 3: three are', start: WORKING, steps: [seedCrash(), seedCrash(), seedCrash()], policy: policy({ failures_to_broken: 3 }), state: 'broken', events: ['stopped_working'] },
  { name: 'failures_to_broken 0 counts as 1', start: WORKING, steps: [seedCrash()], policy: policy({ failures_to_broken: 0 }), state: 'broken', events: ['stopped_working'] },
  // Broken → working, debounced.
  { name: 'broken, one pass → working', start: BROKEN_AS_IN_SEED, steps: [pass()], state: 'working', events: ['started_working'] },
  { name: 'passes_to_working 2: one pass is not enough', start: BROKEN_AS_IN_SEED, steps: [pass()], policy: policy({ passes_to_working: 2 }), state: 'broken', events: [] },
  { name: 'passes_to_working 2: two passes are', start: BROKEN_AS_IN_SEED, steps: [pass(), pass()], policy: policy({ passes_to_working: 2 }), state: 'working', events: ['started_working'] },
  { name: 'passes_to_working 2: a failure between passes resets the count', start: BROKEN_AS_IN_SEED, steps: [pass(), seedCrash(), pass()], policy: policy({ passes_to_working: 2 }), state: 'broken', events: [] },
  { name: 'passes_to_working 0 counts as 1', start: BROKEN_AS_IN_SEED, steps: [pass()], policy: policy({ passes_to_working: 0 }), state: 'working', events: ['started_working'] },
  // Still broken: failing differently.
  { name: 'broken, the same failure again → nothing', start: BROKEN_AS_IN_SEED, steps: [seedCrash(), seedCrash()], state: 'broken', events: [] },
  { name: 'broken, a new signature after the driver update → told', start: BROKEN_AS_IN_SEED, steps: [newDriverCrash()], state: 'broken', events: ['failing_differently'] },
  { name: 'broken, the new signature again → told once', start: BROKEN_AS_IN_SEED, steps: [newDriverCrash(), newDriverCrash(), newDriverCrash()], state: 'broken', events: ['failing_differently'] },
  { name: 'broken, a different result without signature → told', start: BROKEN_AS_IN_SEED, steps: [timeout()], state: 'broken', events: ['failing_differently'] },
  { name: 'broken, back to the old signature is a change too', start: BROKEN_AS_IN_SEED, steps: [newDriverCrash(), seedCrash()], state: 'broken', events: ['failing_differently', 'failing_differently'] },
  // Flapping.
  { name: 'flapping while broken (passes_to_working 2) → no event at all', start: BROKEN_AS_IN_SEED, steps: [pass(), newDriverCrash(), pass(), seedCrash(), pass(), newDriverCrash()], policy: policy({ passes_to_working: 2 }), state: 'broken', events: [] },
  { name: 'flapping while working → no event at all', start: WORKING, steps: [seedCrash(), pass(), newDriverCrash(), pass(), seedCrash(), pass()], state: 'working', events: [] },
  { name: 'flapping across both thresholds → each real change told', start: BROKEN_AS_IN_SEED, steps: [pass(), seedCrash(), newDriverCrash(), pass()], state: 'working', events: ['started_working', 'stopped_working', 'started_working'] },
  // Skipped runs are no evidence.
  { name: 'working, skipped runs → nothing', start: WORKING, steps: [skipped(), skipped(), skipped()], state: 'working', events: [] },
  { name: 'broken, skipped runs → nothing', start: BROKEN_AS_IN_SEED, steps: [skipped(), skipped()], state: 'broken', events: [] },
  { name: 'a skipped run does not break a failure streak', start: UNKNOWN, steps: [seedCrash(), skipped(), seedCrash()], state: 'broken', events: [] },
  { name: 'a skipped run between two signatures does not hide the change', start: BROKEN_AS_IN_SEED, steps: [skipped(), newDriverCrash()], state: 'broken', events: ['failing_differently'] },
  // Slower than expected (NPU expected 20–40 tok/s).
  { name: 'working, a slow run → told', start: WORKING, steps: [pass(12)], state: 'working', events: ['slower_than_expected'] },
  { name: 'working, slow runs in a row → told once', start: WORKING, steps: [pass(12), pass(13), pass(11)], state: 'working', events: ['slower_than_expected'] },
  { name: 'already slow before (restart) → not told again', start: WORKING_SLOWLY, steps: [pass(12)], state: 'working', events: [] },
  { name: 'slow, then fast, then slow → told on each entry', start: WORKING, steps: [pass(12), pass(30), pass(12)], state: 'working', events: ['slower_than_expected', 'slower_than_expected'] },
  { name: 'a run without benchmark neither leaves nor enters slowness', start: WORKING, steps: [pass(12), pass(null), pass(12), pass(null)], state: 'working', events: ['slower_than_expected'] },
  { name: 'a failure below the threshold does not leave slowness', start: WORKING, steps: [pass(12), seedCrash(), pass(12)], state: 'working', events: ['slower_than_expected'] },
  { name: 'exactly the minimum is not slow', start: WORKING, steps: [pass(20)], state: 'working', events: [] },
  { name: 'above the range is not "slower"', start: WORKING, steps: [pass(55)], state: 'working', events: [] },
  { name: 'unknown, first pass is slow → started, then slow', start: UNKNOWN, steps: [pass(12)], state: 'working', events: ['started_working', 'slower_than_expected'] },
  { name: 'slow, broken, working slow again → told again', start: WORKING, steps: [pass(12), seedCrash(), seedCrash(), pass(12)], state: 'working', events: ['slower_than_expected', 'stopped_working', 'started_working', 'slower_than_expected'] },
  { name: 'not yet working (passes_to_working 2) → not slow yet', start: BROKEN_AS_IN_SEED, steps: [pass(12)], policy: policy({ passes_to_working: 2 }), state: 'broken', events: [] },
  { name: 'a device without an expected range is never slow', start: { ...WORKING, previous: { ...pass(), device: 'CPU' } }, steps: [{ ...pass(1), device: 'CPU' }], state: 'working', events: [] },
];

describe('transition, as a table', () => {
  it.each(table)('$name', (row) => {
    const { status, events } = run(row.start, row.steps, row.policy);
    expect({ state: status.state, events: events.map((e) => e.kind) }).toEqual({ state: row.state, events: row.events });
  });
});

describe('transition, the status it keeps', () => {
  it('counts passes and failures, keeps the last signature, and stamps `since` when the state changes', () => {
    const after = run(WORKING, [seedCrash(), newDriverCrash()]).status;
    expect(after).toEqual({ state: 'broken', passes: 0, failures: 2, signature: NEW_DRIVER_SIGNATURE, since: 2000 });
    expect(run(BROKEN_AS_IN_SEED, [seedCrash()]).status).toEqual({ ...BROKEN_AS_IN_SEED.status, failures: 6 });
    expect(run(BROKEN_AS_IN_SEED, [pass(), pass()]).status).toEqual({ state: 'working', passes: 2, failures: 0, signature: null, since: 1000 });
  });

  it('does not touch what it is given', () => {
    const status = Object.freeze({ ...BROKEN_AS_IN_SEED.status });
    const previous = Object.freeze(seedCrash());
    const observation = Object.freeze({ ...pass(), at: 5 });
    expect(() => transition(status, observation, DEFAULT_POLICY, previous)).not.toThrow();
    expect(status).toEqual(BROKEN_AS_IN_SEED.status);
  });
});

describe('transition, what the events say', () => {
  it('started working: tok/s and the versions that changed since it last failed', () => {
    const [event] = run(BROKEN_AS_IN_SEED, [pass(27.1, DRIVER_UPDATED)]).events;
    expect(event).toEqual({
      kind: 'started_working',
      device: 'NPU',
      runtime: NODE_RUNTIME,
      at: 1000,
      summary: 'NPU on OpenVINO 2025.3.0 (openvino-node) started working: 27.1 tok/s (after intel-npu-driver 1.16.0-1.fc44 → 1.17.0-1.fc43)',
      detail: {
        result: 'ok',
        signature: null,
        old_state: 'broken',
        old_result: 'compile_crash',
        old_signature: SEED_SIGNATURE,
        tokens_per_second: 27.1,
        watts: null,
        changed_components: { 'intel-npu-driver': { from: '1.16.0-1.fc44', to: '1.17.0-1.fc43' } },
      },
    });
  });

  it('the CPU control working from the start is not news, but its later recovery is', () => {
    const cpu = (o: CanaryObservation): CanaryObservation => ({ ...o, device: 'CPU' });
    expect(run(UNKNOWN, [cpu(pass(null))], policy({})).events).toEqual([]);
    const recovered = run(UNKNOWN, [cpu(pass(null)), cpu(seedCrash()), cpu(seedCrash()), cpu(pass(null))], policy({}));
    expect(recovered.events.map((e) => e.kind)).toEqual(['stopped_working', 'started_working']);
  });

  it('started working names the measured power when there is one', () => {
    const { events } = run(BROKEN_AS_IN_SEED, [{ ...pass(27.1, DRIVER_UPDATED), watts: 4.04 }], policy({}));
    expect(events[0]!.summary).toBe('NPU on OpenVINO 2025.3.0 (openvino-node) started working: 27.1 tok/s at 4.0 W (after intel-npu-driver 1.16.0-1.fc44 → 1.17.0-1.fc43)');
    expect(events[0]).toMatchObject({ kind: 'started_working', detail: { watts: 4.04 } });
  });

  it('started working after a pass streak names the versions from before the streak', () => {
    const { events } = run(BROKEN_AS_IN_SEED, [pass(null, DRIVER_UPDATED), pass(27.1, DRIVER_UPDATED)], policy({ passes_to_working: 2 }));
    expect(events.map((e) => e.summary)).toEqual(['NPU on OpenVINO 2025.3.0 (openvino-node) started working: 27.1 tok/s (after intel-npu-driver 1.16.0-1.fc44 → 1.17.0-1.fc43)']);
  });

  it('started working from unknown, unbenchmarked, with nothing to compare', () => {
    const [event] = run(UNKNOWN, [pass(null, FEDORA43)]).events;
    expect(event?.summary).toBe('NPU on OpenVINO 2025.3.0 (openvino-node) started working');
    expect(event?.detail).toMatchObject({ old_state: 'unknown', old_signature: null, changed_components: {} });
  });

  it('stopped working: the result and the signature', () => {
    const [event] = run(WORKING, [seedCrash(), seedCrash()]).events;
    expect(event).toEqual({
      kind: 'stopped_working',
      device: 'NPU',
      runtime: NODE_RUNTIME,
      at: 2000,
      summary: `NPU on OpenVINO 2025.3.0 (openvino-node) stopped working: compile_crash: ${SEED_SIGNATURE}`,
      detail: { result: 'compile_crash', signature: SEED_SIGNATURE, consecutive_failures: 2 },
    });
  });

  it('fails differently: the new and the old failure, and what changed in between', () => {
    const [event] = run(BROKEN_AS_IN_SEED, [newDriverCrash(DRIVER_UPDATED)]).events;
    expect(event).toEqual({
      kind: 'failing_differently',
      device: 'NPU',
      runtime: NODE_RUNTIME,
      at: 1000,
      summary: `NPU on OpenVINO 2025.3.0 (openvino-node) fails differently now: compile_crash: ${NEW_DRIVER_SIGNATURE} (was compile_crash: ${SEED_SIGNATURE})`,
      detail: {
        result: 'compile_crash',
        signature: NEW_DRIVER_SIGNATURE,
        old_result: 'compile_crash',
        old_signature: SEED_SIGNATURE,
        changed_components: { 'intel-npu-driver': { from: '1.16.0-1.fc44', to: '1.17.0-1.fc43' } },
      },
    });
    expect(run(BROKEN_AS_IN_SEED, [timeout()]).events[0]?.summary).toBe(`NPU on OpenVINO 2025.3.0 (openvino-node) fails differently now: timeout (was compile_crash: ${SEED_SIGNATURE})`);
  });

  it('slower than expected: the speed and the range', () => {
    const [event] = run(WORKING, [pass(12.34)]).events;
    expect(event).toEqual({
      kind: 'slower_than_expected',
      device: 'NPU',
      runtime: NODE_RUNTIME,
      at: 1000,
      summary: 'NPU on OpenVINO 2025.3.0 (openvino-node) is slower than expected: 12.3 tok/s (expected 20–40 tok/s)',
      detail: { result: 'ok', tokens_per_second: 12.34, expected_tokens_per_second: [20, 40] },
    });
  });

  it('component changed: every change in one event', () => {
    const changes = [
      { component: 'intel-npu-driver', from: '1.16.0-1.fc44', to: '1.17.0-1.fc43' },
      { component: 'openvino-node', from: null, to: '2025.4.0' },
    ];
    expect(componentChangedEvent(changes, 42)).toEqual({
      kind: 'component_changed',
      device: null,
      at: 42,
      summary: 'Components changed: intel-npu-driver 1.16.0-1.fc44 → 1.17.0-1.fc43, openvino-node installed: 2025.4.0',
      detail: {
        changed_components: {
          'intel-npu-driver': { from: '1.16.0-1.fc44', to: '1.17.0-1.fc43' },
          'openvino-node': { from: null, to: '2025.4.0' },
        },
      },
    });
  });
});

describe('rememberObservation', () => {
  const working = { ...WORKING.status };
  const broken = { ...BROKEN_AS_IN_SEED.status };
  it('forgets skipped runs', () => {
    const previous = seedCrash();
    expect(rememberObservation(previous, skipped(), broken)).toBe(previous);
    expect(rememberObservation(null, skipped(), broken)).toBeNull();
  });
  it('keeps the components from before a pass streak until it makes the device working', () => {
    expect(rememberObservation(seedCrash(), pass(), { ...broken, passes: 1, failures: 0 })?.components).toEqual(FEDORA43);
    expect(rememberObservation(seedCrash(), pass(), working)?.components).toEqual(DRIVER_UPDATED);
  });
  it('carries the last measured tok/s only while working', () => {
    expect(rememberObservation(pass(12), pass(null), working)?.tokens_per_second).toBe(12);
    expect(rememberObservation(pass(12), seedCrash(), { ...working, failures: 1 })?.tokens_per_second).toBe(12);
    expect(rememberObservation(pass(12), seedCrash(), broken)?.tokens_per_second).toBeNull();
    expect(rememberObservation(pass(12), pass(30), working)?.tokens_per_second).toBe(30);
  });
});
