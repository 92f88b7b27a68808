import { describe, expect, it } from 'vitest';
import { judgeDevices, type DeviceVerdict } from '../../../../src/canary/canary-pass.js';
import type { Runtime } from '../../../../src/canary/runtimes.js';
import { diagnose } from '../../../../src/diagnosis/diagnose.js';
import { openvinoVersionsOnNpu } from '../../../../src/diagnosis/rules/openvino-versions-on-npu.js';
import {
  PLUGIN_COMPILER_MISSING,
  SEED_CRASH,
  SEED_SIGNATURE,
  device,
  dies,
  npuWithCompilers,
  passes,
  rejects,
  runtimeInfo,
  runtimeMissing,
  seedFacts,
  benchmark,
} from '../canary-fixtures.js';

// The seed's pip OpenVINO 2025.1 (its default compiles with the driver's compiler, which crashes) and an
// openvino-node 2026.4 whose default (PREFER_PLUGIN) compiled with the plugin's compiler.
const PIP: Runtime = { name: 'python3', kind: 'python', interpreter: 'python3' };
const NODE: Runtime = { name: 'openvino-node', kind: 'node', module: 'openvino-node' };
const v2026 = (deviceName: string, used?: string) =>
  runtimeInfo(deviceName, {
    openvino_version: '2026.4.0-20375-5b2a6d0a9f9-releases/2026/4',
    ...(used ? { npu_compiler_used: used, properties: { NPU_COMPILER_TYPE: 'PREFER_PLUGIN' } } : {}),
  });

function seedPip(plugin = rejects('NPU', PLUGIN_COMPILER_MISSING)): DeviceVerdict[] {
  const npu = npuWithCompilers(dies('NPU', { stderr: SEED_CRASH }), { DRIVER: dies('NPU', { stderr: SEED_CRASH }), PLUGIN: plugin });
  return judgeDevices([npu, device('CPU', passes('CPU'))], 0.9, PIP);
}
function workingNode(): DeviceVerdict[] {
  const npu = npuWithCompilers(passes('NPU', { runtime: v2026('NPU', 'PLUGIN') }), {
    DRIVER: passes('NPU', { runtime: v2026('NPU', 'DRIVER') }),
    PLUGIN: passes('NPU', { runtime: v2026('NPU', 'PLUGIN') }),
  });
  return judgeDevices([npu, device('CPU', passes('CPU', { runtime: v2026('CPU') }))], 0.9, NODE);
}

describe('openvino-versions-on-npu', () => {
  it('says which version works with the installed NPU driver and which does not, with the compiler each used', () => {
    const d = openvinoVersionsOnNpu.diagnose(seedFacts([...seedPip(), ...workingNode()]));
    expect(d?.summary).toBe('OpenVINO 2026.4.0 (openvino-node) works with the installed NPU driver; 2025.1.0 (python3) does not');
    expect(d?.evidence.slice(0, 2)).toEqual([`2025.1.0 (python3): compile_crash with DRIVER: ${SEED_SIGNATURE}`, '2026.4.0 (openvino-node): ok with PLUGIN']);
    expect(d?.evidence[2]).toMatch(/^NPU driver: intel-npu-driver 1\.16\.0-1\.fc44/);
    // The pip OpenVINO's own forced plugin compile failed (its compiler library is missing): only the upgrade is advised.
    expect(d?.next_step).toBe('2025.1.0 (python3): upgrade openvino to 2026.4.0 (`python -m pip install --upgrade "openvino==2026.4.0"` with python3\'s interpreter)');
  });

  it('advises the plugin compiler too when the failing runtime\'s own forced run with it passed', () => {
    const d = openvinoVersionsOnNpu.diagnose(seedFacts([...seedPip(passes('NPU', { runtime: runtimeInfo('NPU', { npu_compiler_used: 'MLIR' }) })), ...workingNode()]));
    expect(d?.next_step).toMatch(/^2025\.1\.0 \(python3\): upgrade openvino to 2026\.4\.0 .*, or set NPU_COMPILER_TYPE=MLIR \(its own forced run with the plugin's compiler passed\)$/);
  });

  it('a newer version that fails is told to use the older one that works', () => {
    const older = judgeDevices([device('NPU', passes('NPU')), device('CPU', passes('CPU'))], 0.9, PIP);
    const newer = judgeDevices([device('NPU', dies('NPU', { stderr: SEED_CRASH, runtime: v2026('NPU') })), device('CPU', passes('CPU', { runtime: v2026('CPU') }))], 0.9, NODE);
    const d = openvinoVersionsOnNpu.diagnose(seedFacts([...older, ...newer]));
    expect(d?.summary).toBe('OpenVINO 2025.1.0 (python3) works with the installed NPU driver; 2026.4.0 (openvino-node) does not');
    expect(d?.next_step).toBe('2026.4.0 (openvino-node): use OpenVINO 2025.1.0 (as python3 does)');
  });

  it('none working is said as such', () => {
    const both = [...seedPip(), ...judgeDevices([device('NPU', dies('NPU', { stderr: SEED_CRASH, runtime: v2026('NPU') })), device('CPU', passes('CPU', { runtime: v2026('CPU') }))], 0.9, NODE)];
    expect(openvinoVersionsOnNpu.diagnose(seedFacts(both))?.summary).toBe(
      'No tested OpenVINO works with the installed NPU driver: 2025.1.0 (python3), 2026.4.0 (openvino-node)',
    );
  });

  it('stays silent with one runtime, when every runtime works, and when the other runtime never ran', () => {
    expect(openvinoVersionsOnNpu.diagnose(seedFacts(seedPip()))).toBeNull();
    const pipWorking = judgeDevices([device('NPU', passes('NPU')), device('CPU', passes('CPU'))], 0.9, PIP);
    expect(openvinoVersionsOnNpu.diagnose(seedFacts([...workingNode(), ...pipWorking]))).toBeNull();
    const missing = judgeDevices([device('NPU', runtimeMissing('python runtime "python3": the interpreter python3 is not on PATH (/usr/bin)'))], 0.9, PIP);
    expect(openvinoVersionsOnNpu.diagnose(seedFacts([...missing, ...workingNode()]))).toBeNull();
  });
});

describe('the per-runtime rules with more than one runtime', () => {
  it('speak about the runtime that fails on the NPU, name it, and never say the NPU works', () => {
    const found = diagnose(seedFacts([...workingNode(), ...seedPip()]));
    expect(found[0]?.id).toBe('openvino-versions-on-npu');
    const scoped = found.slice(1);
    expect(scoped.map((d) => d.id)).toContain('npu-driver-compiler-fails');
    for (const d of scoped) {
      expect(d.runtime, d.id).toEqual({ name: 'python3', kind: 'python', openvino_version: '2025.1.0' });
      expect(d.summary, d.id).toMatch(/ \(OpenVINO 2025\.1\.0 \(python3\)\)$/);
      expect(d.summary, d.id).not.toMatch(/NPU works/);
    }
  });

  it('name no runtime when only one ran', () => {
    const found = diagnose(seedFacts(seedPip()));
    expect(found.every((d) => d.runtime === undefined && !d.summary.includes('(python3)'))).toBe(true);
  });

  it('a slow NPU on one runtime is not called working while another runtime crashes on it', () => {
    const slow = judgeDevices([device('NPU', passes('NPU')), device('CPU', passes('CPU'))], 0.9, NODE).map((v) =>
      v.device === 'NPU' ? { ...v, benchmark: { ...benchmark(8), token_agreement: 1, agreement_ok: true } } : v,
    );
    const ids = diagnose(seedFacts([...slow, ...seedPip()])).map((d) => d.id);
    expect(ids).not.toContain('npu-slower-than-expected');
    expect(diagnose(seedFacts(slow)).map((d) => d.id)).toContain('npu-slower-than-expected');
  });
});
