// Status events as the daemon makes them: drafts built by the real builders in src/status/status-events.ts
// from canary observations, so tests of what reads events (/events, notify, desktop, webhook) see the
// shapes and summaries the status machine produces.
import {
  componentChangedEvent,
  failingDifferentlyEvent,
  slowerThanExpectedEvent,
  startedWorkingEvent,
  stoppedWorkingEvent,
} from '../../src/status/status-events.js';
import type { CanaryObservation, StatusEvent, StatusEventDraft } from '../../src/status/types.js';

// The start of the seed's compile crash signature (the Level Zero result and code; the full signature is in
// test/unit/status/observations.ts).
export const SEED_SIGNATURE = 'ZE_RESULT_ERROR_UNKNOWN 0x7ffffffe';
export const AT = Date.UTC(2026, 0, 15, 12, 0, 0);

// Fedora 43 before and after the NPU driver update.
const BEFORE = { 'intel-npu-driver': '1.16.0-1.fc44', openvino: '2025.3.0' };
const AFTER = { ...BEFORE, 'intel-npu-driver': '1.17.0-1.fc43' };

// The runtime of every observation here: the default openvino-node.
export const NODE_RUNTIME = { name: 'openvino-node', kind: 'node', openvino_version: '2025.3.0' } as const;

// A canary observation of `device` (by default the seed's compile crash, before the driver update).
export function observation(device: string, over: Partial<CanaryObservation> = {}): CanaryObservation {
  return {
    device,
    runtime: NODE_RUNTIME,
    at: AT,
    working: false,
    result: 'compile_crash',
    signature: SEED_SIGNATURE,
    tokens_per_second: null,
    watts: null,
    components: BEFORE,
    ...over,
  };
}

const pass = (device: string, tokensPerSecond: number | null): CanaryObservation =>
  observation(device, { working: true, result: 'ok', signature: null, tokens_per_second: tokensPerSecond, watts: tokensPerSecond === null ? null : 4.2, components: AFTER });

// "NPU started working: 27.1 tok/s at 4.2 W (after intel-npu-driver 1.16.0-1.fc44 → 1.17.0-1.fc43)".
export const startedWorking = (device = 'NPU', tokensPerSecond: number | null = 27.1): StatusEventDraft =>
  startedWorkingEvent(pass(device, tokensPerSecond), 'broken', observation(device), { 'intel-npu-driver': { from: BEFORE['intel-npu-driver'], to: AFTER['intel-npu-driver'] } });

// "NPU stopped working: compile_crash ZE_RESULT_ERROR_UNKNOWN 0x7ffffffe", after two failures in a row.
export const stoppedWorking = (device = 'NPU'): StatusEventDraft => stoppedWorkingEvent(observation(device), 2);

// The NPU now hangs instead of crashing, after an OpenVINO update.
export const failingDifferently = (device = 'NPU'): StatusEventDraft =>
  failingDifferentlyEvent(observation(device, { result: 'timeout', signature: null, components: { ...BEFORE, openvino: '2025.4.0' } }), observation(device), {
    openvino: { from: '2025.3.0', to: '2025.4.0' },
  });

// 12.3 tok/s where 20–40 are expected (the seed's range for a 3B int4 model on the NPU).
export const slowerThanExpected = (device = 'NPU'): StatusEventDraft => slowerThanExpectedEvent(pass(device, 12.3), 12.3, [20, 40]);

// The NPU driver update itself.
export const componentChanged = (): StatusEventDraft =>
  componentChangedEvent([{ component: 'intel-npu-driver', from: BEFORE['intel-npu-driver'], to: AFTER['intel-npu-driver'] }], AT);

// A draft with the id an event log would have given it.
export const withId = (id: number, draft: StatusEventDraft): StatusEvent => ({ id, ...draft }) as StatusEvent;
