// Status events for the desktop notification tests, with the texts they must show.
import type { StatusEvent } from '../../src/status/types.js';

export const AT = Date.UTC(2026, 0, 15, 12, 0, 0);

// Events as src/status/status-events.ts makes them (summary for logs, detail for machines).
export const STARTED: StatusEvent = {
  id: 12,
  kind: 'started_working',
  device: 'NPU',
  runtime: { name: 'python3', kind: 'python', openvino_version: '2025.2.0' },
  at: AT,
  summary: 'NPU on OpenVINO 2025.2.0 (python3) started working: 27.1 tok/s at 4.2 W (after intel-npu-driver 1.13.0-1.fc43 → 1.16.0-1.fc44, level-zero 1.20.2 → 1.21.0)',
  detail: {
    result: 'ok',
    signature: null,
    old_state: 'broken',
    old_result: 'compile_crash',
    old_signature: 'ZE_RESULT_ERROR_UNKNOWN 0x7ffffffe',
    tokens_per_second: 27.14,
    watts: 4.2,
    changed_components: {
      'intel-npu-driver': { from: '1.13.0-1.fc43', to: '1.16.0-1.fc44' },
      'level-zero': { from: '1.20.2', to: '1.21.0' },
    },
  },
};

export const STOPPED: StatusEvent = {
  id: 13,
  kind: 'stopped_working',
  device: 'NPU',
  runtime: { name: 'python3', kind: 'python', openvino_version: '2025.2.0' },
  at: AT + 1000,
  summary: 'NPU on OpenVINO 2025.2.0 (python3) stopped working: compile_crash ZE_RESULT_ERROR_UNKNOWN 0x7ffffffe',
  detail: { result: 'compile_crash', signature: 'ZE_RESULT_ERROR_UNKNOWN 0x7ffffffe', consecutive_failures: 2 },
};

// A component change: the host's, not a device's.
export const COMPONENTS_CHANGED: StatusEvent = {
  id: 14,
  kind: 'component_changed',
  device: null,
  at: AT,
  summary: 'Components changed: intel-npu-driver 1.13.0 → 1.16.0, npu-compiler installed: 7.0, old removed (was 1)',
  detail: { changed_components: { 'intel-npu-driver': { from: '1.13.0', to: '1.16.0' }, 'npu-compiler': { from: null, to: '7.0' }, old: { from: '1', to: null } } },
};

export const STARTED_BODY = 'with OpenVINO 2025.2.0 (python3)\n27.1 tok/s · 4.2 W\nintel-npu-driver 1.13.0-1.fc43 → 1.16.0-1.fc44\nlevel-zero 1.20.2 → 1.21.0';
