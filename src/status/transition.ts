// The status machine, one device at a time (pure). Rules:
// - A verified pass (`working`) counts toward "working", a failure toward "broken"; each resets the other's
//   count. `passes_to_working` passes in a row make the device working, `failures_to_broken` failures in a
//   row make it broken (values below 1 count as 1). A `skipped` canary is no evidence: nothing changes.
// - unknown → working: started_working (the first verdict that the NPU works is the news), except for the
//   CPU: it is the control, expected to work, and its first verdict is not news (its later changes are).
//   broken → working: started_working. working → broken: stopped_working.
//   unknown → broken: no event (the device was never seen working; the status page already says broken).
// - still broken, and this failure differs (result + signature) from the failure just before it:
//   failing_differently, once (the next identical failure is not a change). A pass in between resets
//   this: a failure after a pass is never "different", so flapping gives no failing_differently.
// - working (debounced) and a measured tok/s below the device's expected minimum: slower_than_expected
//   when entering that condition, not again while it lasts; a run without a benchmark neither enters nor
//   leaves it (the remembered observation carries the last measured tok/s, remembered-observation.ts).
// - started_working and failing_differently name the component versions that changed since `previous`,
//   the device's remembered observation (for a pass streak, the one before the streak began).
import { describeFailure } from '../canary/describe-failure.js';
import {
  componentVersionChanges,
  failingDifferentlyEvent,
  slowerThanExpectedEvent,
  startedWorkingEvent,
  stoppedWorkingEvent,
  type StatusEventDraft,
} from './status-events.js';
import type { CanaryObservation, DeviceStatus, StatusPolicy } from './types.js';

export { componentChangedEvent } from './status-events.js';

// The CPU runs the same canary as a control (DESIGN.md).
const isControl = (device: string) => device === 'CPU';

// The next status of a device and what is worth telling about the change.
export interface StatusTransition {
  status: DeviceStatus;
  events: StatusEventDraft[];
}

// Where every device starts: no verdict yet.
export function unknownStatus(): DeviceStatus {
  return { state: 'unknown', passes: 0, failures: 0, signature: null, since: null };
}

// One step of the machine: the device's status and remembered observation, plus a new observation (pure).
export function transition(
  status: DeviceStatus,
  observation: CanaryObservation,
  policy: StatusPolicy,
  previous: CanaryObservation | null,
): StatusTransition {
  if (observation.result === 'skipped') return { status, events: [] };
  return observation.working ? afterPass(status, observation, policy, previous) : afterFailure(status, observation, policy, previous);
}

const atLeastOne = (count: number): number => (Number.isFinite(count) && count >= 1 ? Math.floor(count) : 1);

// The remembered observation when it was a failure (what a device was failing with), else null.
const asFailure = (observation: CanaryObservation | null): CanaryObservation | null =>
  observation && !observation.working && observation.result !== 'skipped' ? observation : null;

function afterPass(status: DeviceStatus, observation: CanaryObservation, policy: StatusPolicy, previous: CanaryObservation | null): StatusTransition {
  const passes = status.passes + 1;
  const becomesWorking = status.state !== 'working' && passes >= atLeastOne(policy.passes_to_working);
  const next: DeviceStatus = {
    state: becomesWorking ? 'working' : status.state,
    passes,
    failures: 0,
    signature: null,
    since: becomesWorking ? observation.at : status.since,
  };
  const events: StatusEventDraft[] = [];
  if (becomesWorking && !(status.state === 'unknown' && isControl(observation.device))) {
    const changes = previous ? componentVersionChanges(previous.components, observation.components) : {};
    events.push(startedWorkingEvent(observation, status.state, asFailure(previous), changes));
  }
  const expected = policy.expected_tokens_per_second[observation.device];
  const slow = (o: CanaryObservation | null): boolean =>
    expected !== undefined && o !== null && o.tokens_per_second !== null && o.tokens_per_second < expected[0];
  const wasSlow = status.state === 'working' && slow(previous);
  if (expected && next.state === 'working' && slow(observation) && !wasSlow) {
    events.push(slowerThanExpectedEvent(observation, observation.tokens_per_second as number, expected));
  }
  return { status: next, events };
}

function afterFailure(status: DeviceStatus, observation: CanaryObservation, policy: StatusPolicy, previous: CanaryObservation | null): StatusTransition {
  const failures = status.failures + 1;
  const becomesBroken = status.state !== 'broken' && failures >= atLeastOne(policy.failures_to_broken);
  const next: DeviceStatus = {
    state: becomesBroken ? 'broken' : status.state,
    passes: 0,
    failures,
    signature: observation.signature,
    since: becomesBroken ? observation.at : status.since,
  };
  const events: StatusEventDraft[] = [];
  if (becomesBroken && status.state === 'working') events.push(stoppedWorkingEvent(observation, failures));
  const lastFailure = asFailure(previous);
  if (status.state === 'broken' && lastFailure && describeFailure(lastFailure) !== describeFailure(observation)) {
    events.push(failingDifferentlyEvent(observation, lastFailure, componentVersionChanges(lastFailure.components, observation.components)));
  }
  return { status: next, events };
}
