import { describeFailure } from '../canary/describe-failure.js';
import { describeRuntimeRef } from '../canary/runtime-ref.js';
import type { KernelEvent } from '../probes/kernel/kernel-event.js';
import { describeChange, type ComponentChange } from './component-changes.js';
import type { CanaryObservation, ComponentVersionChanges, DeviceState, StatusEventDraft, StatusEventOf } from './types.js';

export type { ComponentVersionChanges, StatusEventDraft } from './types.js';

// One kind's event before the event log gives it its id.
type Draft<K extends StatusEventDraft['kind']> = Omit<StatusEventOf<K>, 'id'>;

// What changed from `before` to `after`, added and removed components included (pure).
export function componentVersionChanges(before: Record<string, string>, after: Record<string, string>): ComponentVersionChanges {
  const changes: ComponentVersionChanges = {};
  for (const component of [...new Set([...Object.keys(before), ...Object.keys(after)])].sort()) {
    const from = before[component] ?? null;
    const to = after[component] ?? null;
    if (from !== to) changes[component] = { from, to };
  }
  return changes;
}

const describeChanges = (changes: ComponentVersionChanges): string =>
  Object.entries(changes)
    .map(([component, { from, to }]) => describeChange({ component, from, to }))
    .join(', ');

const tokensPerSecond = (value: number): string => `${value.toFixed(1)} tok/s`;

// "NPU on OpenVINO 2025.1.0 (python3)": which runtime's canary an event is about.
const onRuntime = (observation: CanaryObservation): string => `${observation.device} on ${describeRuntimeRef(observation.runtime)}`;

// "NPU on OpenVINO 2026.4.0 (openvino-node) started working: 27.1 tok/s (after intel-npu-driver 1.16.0-1.fc44 → 1.17.0-1.fc43)".
export function startedWorkingEvent(
  observation: CanaryObservation,
  fromState: DeviceState,
  lastFailure: CanaryObservation | null,
  changes: ComponentVersionChanges,
): Draft<'started_working'> {
  const power = observation.watts === null ? '' : ` at ${observation.watts.toFixed(1)} W`;
  const speed = observation.tokens_per_second === null ? '' : `: ${tokensPerSecond(observation.tokens_per_second)}${power}`;
  const after = Object.keys(changes).length > 0 ? ` (after ${describeChanges(changes)})` : '';
  return {
    kind: 'started_working',
    device: observation.device,
    runtime: observation.runtime,
    at: observation.at,
    summary: `${onRuntime(observation)} started working${speed}${after}`,
    detail: {
      result: observation.result,
      signature: observation.signature,
      old_state: fromState,
      old_result: lastFailure?.result ?? null,
      old_signature: lastFailure?.signature ?? null,
      tokens_per_second: observation.tokens_per_second,
      watts: observation.watts,
      changed_components: changes,
    },
  };
}

// "NPU on OpenVINO 2025.1.0 (python3) stopped working: compile_crash ZE_RESULT_ERROR_UNKNOWN 0x7ffffffe".
export function stoppedWorkingEvent(observation: CanaryObservation, consecutiveFailures: number): Draft<'stopped_working'> {
  return {
    kind: 'stopped_working',
    device: observation.device,
    runtime: observation.runtime,
    at: observation.at,
    summary: `${onRuntime(observation)} stopped working: ${describeFailure(observation)}`,
    detail: {
      result: observation.result,
      signature: observation.signature,
      consecutive_failures: consecutiveFailures,
    },
  };
}

// "NPU fails differently now: infer_crash … (was compile_crash ZE_RESULT_ERROR_UNKNOWN 0x7ffffffe)".
export function failingDifferentlyEvent(
  observation: CanaryObservation,
  lastFailure: CanaryObservation,
  changes: ComponentVersionChanges,
): Draft<'failing_differently'> {
  return {
    kind: 'failing_differently',
    device: observation.device,
    runtime: observation.runtime,
    at: observation.at,
    summary: `${onRuntime(observation)} fails differently now: ${describeFailure(observation)} (was ${describeFailure(lastFailure)})`,
    detail: {
      result: observation.result,
      signature: observation.signature,
      old_result: lastFailure.result,
      old_signature: lastFailure.signature,
      changed_components: changes,
    },
  };
}

// "NPU is slower than expected: 12.3 tok/s (expected 20–40 tok/s)".
export function slowerThanExpectedEvent(observation: CanaryObservation, tokensPerSecondValue: number, expected: [number, number]): Draft<'slower_than_expected'> {
  return {
    kind: 'slower_than_expected',
    device: observation.device,
    runtime: observation.runtime,
    at: observation.at,
    summary: `${onRuntime(observation)} is slower than expected: ${tokensPerSecond(tokensPerSecondValue)} (expected ${expected[0]}–${expected[1]} tok/s)`,
    detail: {
      result: observation.result,
      tokens_per_second: tokensPerSecondValue,
      expected_tokens_per_second: expected,
    },
  };
}

// "intel-npu-driver 1.16.0-1.fc44 → 1.17.0-1.fc43" (one event for all versions that changed together; pure).
export function componentChangedEvent(changes: ComponentChange[], at: number): Draft<'component_changed'> {
  const changed: ComponentVersionChanges = {};
  for (const { component, from, to } of changes) changed[component] = { from, to };
  return {
    kind: 'component_changed',
    device: null,
    at,
    summary: changes.length > 0 ? `Components changed: ${changes.map(describeChange).join(', ')}` : 'No component changed',
    detail: { changed_components: changed },
  };
}

// "The kernel reset the NPU (reset #1)", "The NPU's firmware failed to load (-2)": the first of a burst of `count`
// kernel lines of one kind.
export function kernelStatusEvent(event: KernelEvent, at: number, count: number): Draft<'kernel_event'> {
  const errno = event.errno === undefined ? '' : ` (${event.errno})`;
  const what: Partial<Record<KernelEvent['kind'], string>> = {
    npu_reset: `The kernel reset the NPU${event.reset === undefined ? '' : ` (reset #${event.reset})`}`,
    firmware_request_failed: `The NPU's firmware failed to load${errno}`,
    firmware_boot_failed: `The NPU's firmware failed to boot${errno}`,
  };
  return {
    kind: 'kernel_event',
    device: 'NPU',
    runtime: null,
    at,
    summary: what[event.kind] ?? `The kernel reported ${event.kind} on the NPU`,
    detail: { kernel_kind: event.kind, line: event.line, count },
  };
}

