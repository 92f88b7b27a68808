import { describe, expect, it } from 'vitest';
import { historyOf } from '../../../src/report/page/page-history.js';
import type { ResultRecord } from '../../../src/report/page/results-history.js';
import type { StatusEvent } from '../../../src/status/types.js';

const at = (day: number) => Date.parse(`2025-11-${String(day).padStart(2, '0')}T08:00:00Z`);
const failed = (day: number): ResultRecord => ({
  at: new Date(at(day)).toISOString(),
  device: 'NPU',
  runtime: { name: 'openvino-node', openvino_version: '2025.1.0', fake: false },
  working: false,
  result: 'compile_crash',
  signature: 'ZE_RESULT_ERROR_UNKNOWN 0x7ffffffe',
  benchmark: null,
});

describe('the history of a device through two updates', () => {
  // Broken from the first check (unknown → broken: no event), a driver update that changes nothing, then a Level Zero
  // update after which it works.
  const events: StatusEvent[] = [
    { id: 1, kind: 'component_changed', device: null, at: at(25), summary: 's', detail: { changed_components: { 'intel-npu-driver': { from: '1.16.0-1.fc44', to: '1.17.0-1.fc43' } } } },
    { id: 2, kind: 'component_changed', device: null, at: at(28), summary: 's', detail: { changed_components: { 'intel-level-zero': { from: '25.31', to: '25.35' } } } },
    {
      id: 3,
      kind: 'started_working',
      device: 'NPU',
      runtime: { name: 'openvino-node', kind: 'node', openvino_version: '2025.1.0' },
      at: at(28) + 60_000,
      summary: 's',
      detail: {
        result: 'ok',
        signature: null,
        old_state: 'broken',
        old_result: 'compile_crash',
        old_signature: 'ZE_RESULT_ERROR_UNKNOWN 0x7ffffffe',
        tokens_per_second: null,
        watts: null,
        changed_components: { 'intel-level-zero': { from: '25.31', to: '25.35' } },
      },
    },
  ];
  const current = { 'intel-npu-driver': '1.17.0-1.fc43', 'intel-level-zero': '25.35', kernel: '6.17.6' };
  const devices = { 'openvino-node/NPU': { state: 'working' as const, passes: 1, failures: 0, signature: null, since: at(28) + 60_000 } };

  it('dates the break from the kept results and names the versions of that day, undoing the later updates', () => {
    const texts = historyOf(events, devices, current, [failed(23), failed(26)]).map((entry) => entry.text);
    expect(texts).toEqual([
      'NPU (openvino-node) broken since 2025-11-23 08:00 UTC with intel-npu-driver 1.16.0-1.fc44, intel-level-zero 25.31 (compile_crash: ZE_RESULT_ERROR_UNKNOWN 0x7ffffffe)',
      '2025-11-25 08:00 UTC: intel-npu-driver 1.16.0-1.fc44 → 1.17.0-1.fc43',
      '2025-11-28 08:00 UTC: intel-level-zero 25.31 → 25.35',
      'NPU (openvino-node) working since 2025-11-28 08:01 UTC after the update to intel-level-zero 25.35',
    ]);
  });

  it('without kept results, says only since when it works', () => {
    const texts = historyOf(events, devices, current, []).map((entry) => entry.text);
    expect(texts.filter((text) => text.startsWith('NPU'))).toEqual(['NPU (openvino-node) working since 2025-11-28 08:01 UTC after the update to intel-level-zero 25.35']);
  });
});
