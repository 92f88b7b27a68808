import { describe, expect, it } from 'vitest';
import { diagnose } from '../../../src/diagnosis/diagnose.js';
import type { DiagnoseFacts } from '../../../src/diagnosis/types.js';
import { SEED_HARDWARE, SEED_INVENTORY, benchmark, device, judged, lunarLakeNpu, notStarted, passes, runtimeMissing, seedPass } from './canary-fixtures.js';

const host = (extra: Partial<DiagnoseFacts> = {}): DiagnoseFacts => ({
  device: SEED_HARDWARE,
  inventory: SEED_INVENTORY,
  verdicts: null,
  expected_tokens_per_second: { NPU: [20, 40] },
  ...extra,
});

// Host rules and canary rules together: hardware, driver, node and firmware first, then the canaries.
const table: [string, DiagnoseFacts, string[]][] = [
  // The seed's NPU_COMPILER_TYPE=PLUGIN run cannot load the plugin's compiler: the known failure of openvinotoolkit/openvino#36374.
  [
    "the seed's machine",
    host({ verdicts: seedPass() }),
    ['npu-plugin-compiler-library-missing', 'npu-driver-compiler-fails', 'npu-compiler-version-mismatch', 'gpu-canary-fails'],
  ],
  ['no canary yet, everything in place', host(), []],
  [
    'no NPU on the bus: the canary found none either',
    host({ device: { npus: [], gpus: [] }, verdicts: judged(notStarted('NPU', 'device_missing', 'no Intel NPU on the PCI bus'), device('CPU', passes('CPU'))) }),
    ['no-npu-on-pci-bus'],
  ],
  [
    'node not accessible: the canary was not started',
    host({
      device: { npus: [lunarLakeNpu({ node: { path: '/dev/accel/accel0', accessible: false, mode: '0600', uid: 0, gid: 0, group: 'root', inOwningGroup: false } })], gpus: [] },
      verdicts: judged(notStarted('NPU', 'permission_denied', '/dev/accel/accel0 (mode 0600, group root) is not readable and writable by this user'), device('CPU', passes('CPU'))),
    }),
    ['npu-device-node-not-accessible'],
  ],
  [
    'no firmware and the runtime missing: the host rule first, then the runtime',
    host({ inventory: { components: [], packageManager: 'rpm' }, verdicts: judged(device('NPU', runtimeMissing()), device('CPU', runtimeMissing())) }),
    ['npu-firmware-missing', 'openvino-runtime-missing'],
  ],
  [
    'device and inventory probes failed: the canaries still speak',
    { device: null, inventory: null, verdicts: seedPass() },
    ['npu-plugin-compiler-library-missing', 'npu-driver-compiler-fails', 'npu-compiler-version-mismatch', 'gpu-canary-fails'],
  ],
];

describe('diagnose', () => {
  for (const [name, facts, ids] of table) {
    it(name, () => {
      expect(diagnose(facts).map((d) => d.id)).toEqual(ids);
    });
  }

  it('without an expected range, a slow NPU is not called slow', () => {
    const verdicts = judged(device('NPU', passes('NPU', { benchmark: benchmark(5) })), device('CPU', passes('CPU')));
    expect(diagnose({ device: SEED_HARDWARE, inventory: SEED_INVENTORY, verdicts }).map((d) => d.id)).toEqual([]);
    expect(diagnose(host({ verdicts })).map((d) => d.id)).toEqual(['npu-slower-than-expected']);
  });
});
