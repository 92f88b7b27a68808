import { describe, expect, it } from 'vitest';
import type { DeviceVerdict } from '../../../src/canary/canary-pass.js';
import { diagnose } from '../../../src/diagnosis/diagnose.js';
import { DIAGNOSIS_RULE_IDS } from '../../../src/diagnosis/rules.js';
import type { DiagnoseFacts } from '../../../src/diagnosis/types.js';
import type { DeviceReport } from '../../../src/probes/device/types.js';
import type { Component } from '../../../src/probes/inventory/types.js';
import {
  GARBAGE_TOKENS,
  PLUGIN_COMPILER_MISSING,
  SEED_COMPONENTS,
  SEED_CRASH,
  SEED_HARDWARE,
  SEED_SIGNATURE,
  SEED_WARNINGS,
  UBUNTU_COMPONENTS,
  benchmark,
  computesWrongly,
  device,
  dies,
  hangs,
  inventoryOf,
  judged,
  notListed,
  notStarted,
  passes,
  rejects,
  runtimeMissing,
  seedFacts,
  seedPass,
  runtimeInfo,
} from './canary-fixtures.js';

// The seed's host with this canary pass; `components` and `hardware` replace the inventory's and the device probe's.
const facts = (verdicts: DeviceVerdict[], extra: { components?: Component[]; hardware?: DeviceReport | null; expected_tokens_per_second?: Record<string, [number, number]> } = {}): DiagnoseFacts =>
  seedFacts(verdicts, {
    ...(extra.components ? { inventory: inventoryOf(extra.components) } : {}),
    ...(extra.hardware !== undefined ? { device: extra.hardware } : {}),
    ...(extra.expected_tokens_per_second ? { expected_tokens_per_second: extra.expected_tokens_per_second } : {}),
  });
const ids = (f: DiagnoseFacts) => diagnose(f).map((d) => d.id);
const find = (f: DiagnoseFacts, id: string) => {
  const found = diagnose(f).find((d) => d.id === id);
  if (!found) throw new Error(`no ${id} in ${ids(f).join(', ')}`);
  return found;
};

const ZE_ERROR = SEED_CRASH.slice(0, 2).join('\n');
const SEGFAULT = ['Segmentation fault in libze_intel_npu.so.1'];

// The table: a canary pass (and what else the rules see) → the diagnoses, in order.
const table: [string, DiagnoseFacts, string[]][] = [
  // The seed's NPU_COMPILER_TYPE=PLUGIN run cannot load the plugin's compiler: the known failure of openvinotoolkit/openvino#36374.
  [
    "the seed: NPU and GPU abort with the seed's crash, CPU works",
    facts(seedPass()),
    ['npu-plugin-compiler-library-missing', 'npu-driver-compiler-fails', 'npu-compiler-version-mismatch', 'gpu-canary-fails'],
  ],
  [
    "the seed as a rejected compile (no crash): the NPU driver's compiler, and the GPU separately, no warnings",
    facts(judged(device('NPU', rejects('NPU', ZE_ERROR)), device('GPU', rejects('GPU', ZE_ERROR)), device('CPU', passes('CPU')))),
    ['npu-driver-compiler-fails', 'gpu-canary-fails'],
  ],
  [
    "NPU aborts in the driver's graph extension, no GPU run, CPU fine: the same NPU finding as with a failing GPU",
    facts(judged(device('NPU', dies('NPU', { stderr: [...SEED_WARNINGS, ...SEED_CRASH] })), device('CPU', passes('CPU')))),
    ['npu-driver-compiler-fails', 'npu-compiler-version-mismatch'],
  ],
  [
    'NPU segfaults, GPU aborts: two findings, one per device',
    facts(judged(device('NPU', dies('NPU', { signal: 'SIGSEGV', stderr: SEGFAULT })), device('GPU', dies('GPU', { stderr: SEED_CRASH })), device('CPU', passes('CPU')))),
    ['npu-canary-fails', 'gpu-canary-fails'],
  ],
  [
    "NPU and GPU abort alike without the CPU control: the NPU's own text names its driver; the GPU is not concluded",
    facts(judged(device('NPU', dies('NPU', { stderr: SEED_CRASH })), device('GPU', dies('GPU', { stderr: SEED_CRASH })))),
    ['npu-driver-compiler-fails'],
  ],
  [
    'the runtime is missing: nothing downstream is diagnosed',
    facts(judged(device('NPU', runtimeMissing()), device('GPU', runtimeMissing()), device('CPU', runtimeMissing()))),
    ['openvino-runtime-missing'],
  ],
  [
    'CPU fails too, with the same error as NPU and GPU: the runtime, not the NPU',
    facts(judged(device('NPU', rejects('NPU', ZE_ERROR)), device('GPU', rejects('GPU', ZE_ERROR)), device('CPU', rejects('CPU', ZE_ERROR)))),
    ['cpu-fails-too'],
  ],
  [
    'CPU computes wrongly: the canary or the runtime is wrong',
    facts(judged(device('NPU', passes('NPU')), device('CPU', computesWrongly('CPU')))),
    ['cpu-fails-too'],
  ],
  [
    "the driver compiler aborts, the plugin's compiler works: update the driver, use PLUGIN meanwhile",
    facts(judged(device('NPU', dies('NPU', { stderr: SEED_CRASH }), { compiler: 'PLUGIN', run: passes('NPU') }), device('CPU', passes('CPU')))),
    ['npu-driver-compiler-fails', 'npu-plugin-compiler-works'],
  ],
  [
    'the driver compiler aborts with the warnings, the plugin compiler works',
    facts(judged(device('NPU', dies('NPU', { stderr: [...SEED_WARNINGS, ...SEED_CRASH] }), { compiler: 'PLUGIN', run: passes('NPU') }), device('CPU', passes('CPU')))),
    ['npu-driver-compiler-fails', 'npu-plugin-compiler-works', 'npu-compiler-version-mismatch'],
  ],
  [
    'the plugin compiler is the default and works, the driver compiler fails: the NPU works, nothing to advise',
    facts(judged(device('NPU', passes('NPU'), { compiler: 'DRIVER', run: dies('NPU', { stderr: SEED_CRASH }) }), device('CPU', passes('CPU')))),
    [],
  ],
  [
    'NPU works but decodes at 12 tok/s against an expected 20–40',
    facts(judged(device('NPU', passes('NPU', { benchmark: benchmark(12.3) })), device('CPU', passes('CPU', { benchmark: benchmark(9.8) })))),
    ['npu-slower-than-expected'],
  ],
  [
    'NPU at 27 tok/s is within the expected range',
    facts(judged(device('NPU', passes('NPU', { benchmark: benchmark(27.1) })), device('CPU', passes('CPU', { benchmark: benchmark(9.8) })))),
    [],
  ],
  [
    'no expected range configured: no speed rule',
    facts(judged(device('NPU', passes('NPU', { benchmark: benchmark(3.1) })), device('CPU', passes('CPU'))), { expected_tokens_per_second: {} }),
    [],
  ],
  [
    "NPU's tokens disagree with CPU's (and are slow): garbage, not merely slow; on a Lunar Lake NPU (4000), the known failure too",
    facts(judged(device('NPU', passes('NPU', { benchmark: benchmark(14, GARBAGE_TOKENS) })), device('CPU', passes('CPU', { benchmark: benchmark(9.8) })))),
    ['npu-llm-garbage-on-one-generation', 'npu-tokens-disagree'],
  ],
  [
    "NPU's tokens disagree with CPU's on a Meteor Lake NPU (3720): not the generation the known failure was seen on",
    facts(judged(device('NPU', passes('NPU', { benchmark: benchmark(14, GARBAGE_TOKENS), runtime: runtimeInfo('NPU', { properties: { DEVICE_ARCHITECTURE: '3720' } }) })), device('CPU', passes('CPU', { benchmark: benchmark(9.8) })))),
    ['npu-tokens-disagree'],
  ],
  ['the NPU hangs in compile and is killed', facts(judged(device('NPU', hangs('NPU')), device('CPU', passes('CPU')))), ['npu-timeout']],
  [
    'the NPU hangs and survives SIGKILL; the next run is skipped',
    facts(judged(device('NPU', hangs('NPU', 'compile', { unkillable: true })), device('CPU', passes('CPU')))),
    ['npu-timeout'],
  ],
  [
    'a previous worker is still stuck in the driver',
    facts(judged(notStarted('NPU', 'skipped', 'a previous canary worker (pid 4242) is still stuck in the driver; not starting another'), device('CPU', passes('CPU')))),
    ['npu-timeout'],
  ],
  [
    'NPU on the PCI bus, OpenVINO lists only CPU and GPU',
    facts(judged(device('NPU', notListed('NPU', ['CPU', 'GPU'])), device('CPU', passes('CPU')))),
    ['openvino-does-not-list-npu'],
  ],
  [
    'no NPU on the PCI bus: the device rule says so, no canary rule repeats it',
    facts(judged(notStarted('NPU', 'device_missing', 'no Intel NPU on the PCI bus'), device('CPU', passes('CPU'))), { hardware: { npus: [], gpus: [] } }),
    ['no-npu-on-pci-bus'],
  ],
  [
    'node not accessible: a device rule, not a canary rule',
    facts(judged(notStarted('NPU', 'permission_denied', '/dev/accel/accel0 (mode 0600, group root) is not readable and writable by this user'), device('CPU', passes('CPU')))),
    [],
  ],
  ['the NPU computes the canary wrongly', facts(judged(device('NPU', computesWrongly('NPU')), device('CPU', passes('CPU')))), ['npu-canary-fails']],
  [
    'all working, LLM agreeing and fast',
    facts(
      judged(
        device('NPU', passes('NPU', { benchmark: benchmark(27.1) }), { compiler: 'PLUGIN', run: passes('NPU') }),
        device('GPU', passes('GPU', { benchmark: benchmark(41) })),
        device('CPU', passes('CPU', { benchmark: benchmark(9.8) })),
      ),
    ),
    [],
  ],
  ['no canary has run', facts([]), []],
];

describe('diagnose over canary passes: the table', () => {
  for (const [name, f, expected] of table) {
    it(name, () => {
      const got = ids(f);
      expect(got).toEqual(expected);
      // Always in the documented order, each id at most once.
      const order = got.map((id) => DIAGNOSIS_RULE_IDS.indexOf(id));
      expect(order).toEqual([...order].sort((a, b) => a - b));
      expect(new Set(got).size).toBe(got.length);
      for (const d of diagnose(f)) {
        expect(d.summary).not.toContain('\n');
        expect(d.evidence.length).toBeGreaterThan(0);
        expect(d.next_step).not.toBe('');
      }
    });
  }
});

describe("the seed's situation", () => {
  const seed = facts(seedPass());

  it("does not repeat the seed's conclusion: the NPU's pfnCreate2 failure is the NPU driver's compiler, named with its package", () => {
    const d = find(seed, 'npu-driver-compiler-fails');
    expect(d.summary).toBe("NPU's compile fails in the NPU driver's graph extension (pfnCreate2: the driver's compiler), not in OpenVINO or the GPU stack");
    expect(d.evidence).toEqual([
      `NPU: compile_crash (SIGABRT) during compile: ${SEED_SIGNATURE}`,
      "NPU: the NPU driver's graph extension returned ZE_RESULT_ERROR_UNKNOWN (L0 pfnCreate2 result: ZE_RESULT_ERROR_UNKNOWN, code 0x7ffffffe)",
      expect.stringMatching(/^NPU with NPU_COMPILER_TYPE=PLUGIN: compile_error during compile: VCL compiler loading failed, aborting\./),
      'CPU (the control): ok, the same canary compiles and matches the reference',
      'NPU driver: intel-npu-driver 1.16.0-1.fc44',
      'OpenVINO: runtime 2025.1.0-000--, openvino-python 2025.1.0',
    ]);
    expect(d.next_step).toContain('`sudo dnf upgrade intel-npu-driver`');
    expect(d.next_step).not.toMatch(/intel-level-zero|oneapi-level-zero|compute runtime/);
    expect(d.next_step).toContain('NPU_COMPILER_TYPE=PLUGIN');
    expect(d.next_step).toContain('https://github.com/intel/linux-npu-driver/issues');
    expect(d.see).toEqual([]);
  });

  it("and the GPU's crash is a finding of its own, pointing at the GPU plugin (cldnn) and the compute runtime", () => {
    const d = find(seed, 'gpu-canary-fails');
    expect(d.summary).toBe("GPU fails the canary while CPU works: the GPU plugin or Intel's GPU compute runtime, separate from the NPU");
    expect(d.evidence).toEqual([
      `GPU: compile_crash (SIGABRT) during compile: ${SEED_SIGNATURE}`,
      "GPU: the GPU plugin's engine (cldnn) fails: _Tp* std::__shared_ptr_deref(_Tp*) [with _Tp = cldnn::memory]:",
      'CPU (the control): ok, the same canary compiles and matches the reference',
      'GPU compute runtime: intel-level-zero 25.31.34666.3-1.fc43',
      'OpenVINO: runtime 2025.1.0-000--, openvino-python 2025.1.0',
    ]);
    expect(d.next_step).toContain('`sudo dnf upgrade intel-level-zero`');
    expect(d.next_step).not.toContain('intel-npu-driver');
    expect(d.next_step).toContain('https://github.com/intel/compute-runtime/issues');
  });

  it('then the compiler-version warnings: an OpenVINO / NPU compiler mismatch', () => {
    const d = find(seed, 'npu-compiler-version-mismatch');
    expect(d.evidence).toEqual([
      '8 "property is not supported by this compiler version" warnings during the NPU compile',
      'unsupported: ENABLE_CPU_PINNING, NPU_STEPPING, NPU_MAX_TILES, INFERENCE_PRECISION_HINT, NPU_BATCH_MODE, EXECUTION_MODE_HINT, COMPILER_DYNAMIC_QUANTIZATION, NPU_QDQ_OPTIMIZATION',
      'OpenVINO: runtime 2025.1.0-000--, openvino-python 2025.1.0',
      'NPU driver: intel-npu-driver 1.16.0-1.fc44',
    ]);
    expect(d.next_step).toContain('`pip list --outdated | grep openvino`');
    expect(d.next_step).toContain('https://github.com/intel/linux-npu-driver/releases');
  });

  it("the NPU driver's finding subsumes the per-device crash rule", () => {
    expect(ids(seed)).not.toContain('npu-canary-fails');
  });
});

describe('next steps follow the host', () => {
  const npuFinding = (components: Component[], hardware: DeviceReport | null = SEED_HARDWARE) => find(facts(seedPass(), { components, hardware }), 'npu-driver-compiler-fails');
  const gpuFinding = (components: Component[]) => find(facts(seedPass(), { components }), 'gpu-canary-fails');

  it("Debian/Ubuntu packages: apt, each finding naming its own packages", () => {
    expect(npuFinding(UBUNTU_COMPONENTS).next_step).toContain('sudo apt install --only-upgrade intel-level-zero-npu intel-driver-compiler-npu`');
    expect(npuFinding(UBUNTU_COMPONENTS).next_step).not.toContain('dnf');
    expect(npuFinding(UBUNTU_COMPONENTS).evidence).toContain('NPU driver: intel-level-zero-npu 1.16.0.20250328-14132024782, intel-driver-compiler-npu 1.16.0.20250328-14132024782');
    const gpu = gpuFinding([...UBUNTU_COMPONENTS, { component: 'libze-intel-gpu1', version: '25.18.33578.6', source: 'dpkg' }]);
    expect(gpu.next_step).toContain('sudo apt install --only-upgrade libze-intel-gpu1`');
    expect(gpu.evidence).toContain('GPU compute runtime: libze-intel-gpu1 25.18.33578.6');
  });

  it('no package versions known: says so, and points to the release pages', () => {
    const d = npuFinding([], null);
    expect(d.evidence).toContain('NPU driver: no intel-npu-driver, intel-level-zero-npu or intel-driver-compiler-npu package found by the inventory');
    expect(d.next_step).toContain('https://github.com/intel/linux-npu-driver/releases');
    expect(gpuFinding([]).next_step).toContain('https://github.com/intel/compute-runtime/releases');
  });

  it('the plugin compiler missing is quoted from the message, not as a list of frames', () => {
    expect(PLUGIN_COMPILER_MISSING.split('\n')).toHaveLength(4);
    const line = npuFinding(SEED_COMPONENTS).evidence[2];
    expect(line).toContain('VCL compiler loading failed');
    expect(line).not.toContain('core.cpp');
  });
});
