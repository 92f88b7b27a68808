import { describe, expect, it } from 'vitest';
import { judgeDevices, type DeviceVerdict } from '../../../../src/canary/canary-pass.js';
import type { Runtime } from '../../../../src/canary/runtimes.js';
import type { TryEntry } from '../../../../src/canary/try-results.js';
import { openvinoWorkingVersionExists } from '../../../../src/diagnosis/rules/openvino-working-version-exists.js';
import { SEED_CRASH, SEED_SIGNATURE, device, dies, passes, seedFacts } from '../canary-fixtures.js';

const PIP: Runtime = { name: 'python3', kind: 'python', interpreter: 'python3' };
const seedPip = (): DeviceVerdict[] => judgeDevices([device('NPU', dies('NPU', { stderr: SEED_CRASH })), device('CPU', passes('CPU'))], 0.9, PIP);

const AT = '2026-11-27T23:00:00.000Z';
const DRIVER = 'intel-npu-driver 1.16.0-1.fc44';
const tried = (kind: TryEntry['kind'], version: string, npu: { result: string; working: boolean; signature?: string }): TryEntry => ({
  kind,
  version,
  at: AT,
  install_failed: null,
  npu_driver: DRIVER,
  fake: false,
  devices: [
    { device: 'NPU', result: npu.result, working: npu.working, compiler: 'DRIVER', signature: npu.signature ?? null },
    { device: 'CPU', result: 'ok', working: true, compiler: null, signature: null },
  ],
});
const crashed = (kind: TryEntry['kind'], version: string) => tried(kind, version, { result: 'compile_crash', working: false, signature: SEED_SIGNATURE });
const works = (kind: TryEntry['kind'], version: string) => tried(kind, version, { result: 'ok', working: true });
const notInstalled: TryEntry = { kind: 'python', version: '2024.9.0', at: AT, install_failed: 'pip: ERROR: No matching distribution found for openvino==2024.9.0', npu_driver: DRIVER, fake: false, devices: [] };

describe('openvino-working-version-exists', () => {
  it('names the newest version try-openvino found working, of the failing runtime\'s kind, with every tried version as evidence', () => {
    const d = openvinoWorkingVersionExists.diagnose(
      seedFacts(seedPip(), { tried_versions: [crashed('python', '2025.1.0'), works('python', '2025.2.0'), works('python', '2025.10.0'), works('node', '2026.0.0'), notInstalled] }),
    );
    expect(d?.summary).toBe('A working OpenVINO version exists: openvino 2025.10.0 passed on the NPU with npu-watch try-openvino');
    expect(d?.evidence).toEqual([
      `openvino-node 2026.0.0 (${AT}, ${DRIVER}): NPU ok; CPU ok`,
      `openvino 2025.10.0 (${AT}, ${DRIVER}): NPU ok; CPU ok`,
      `openvino 2025.2.0 (${AT}, ${DRIVER}): NPU ok; CPU ok`,
      `openvino 2025.1.0 (${AT}, ${DRIVER}): NPU compile_crash with DRIVER: ${SEED_SIGNATURE}; CPU ok`,
      `openvino 2024.9.0 (${AT}, ${DRIVER}): install_failed: pip: ERROR: No matching distribution found for openvino==2024.9.0`,
    ]);
    expect(d?.next_step).toBe(
      'Install it where the failing runtime runs: `python -m pip install "openvino==2025.10.0"` with that runtime\'s interpreter (or use try-openvino\'s venv as a [[runtimes]] interpreter).',
    );
  });

  it('marks a version found with the fake runtime as test data', () => {
    const d = openvinoWorkingVersionExists.diagnose(seedFacts(seedPip(), { tried_versions: [{ ...works('python', '2025.2.0'), fake: true }] }));
    expect(d?.summary).toBe('A working OpenVINO version exists: openvino 2025.2.0 passed on the NPU with npu-watch try-openvino [fake runtime: test data]');
  });

  it('stays silent when the NPU works, when nothing was tried, and when no tried version worked on the NPU', () => {
    const working = judgeDevices([device('NPU', passes('NPU')), device('CPU', passes('CPU'))], 0.9, PIP);
    expect(openvinoWorkingVersionExists.diagnose(seedFacts(working, { tried_versions: [works('python', '2025.2.0')] }))).toBeNull();
    expect(openvinoWorkingVersionExists.diagnose(seedFacts(seedPip()))).toBeNull();
    expect(openvinoWorkingVersionExists.diagnose(seedFacts(seedPip(), { tried_versions: [crashed('python', '2025.1.0'), notInstalled] }))).toBeNull();
    expect(openvinoWorkingVersionExists.diagnose(seedFacts(null, { tried_versions: [works('python', '2025.2.0')] }))).toBeNull();
  });
});
