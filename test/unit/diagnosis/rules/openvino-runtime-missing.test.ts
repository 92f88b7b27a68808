import { describe, expect, it } from 'vitest';
import { explainOpenvinoNodeAbsence } from '../../../../src/canary/worker/openvino-node-absence.js';
import { diagnose } from '../../../../src/diagnosis/diagnose.js';
import { openvinoRuntimeMissing } from '../../../../src/diagnosis/rules/openvino-runtime-missing.js';
import { device, judged, passes, runtimeMissing, seedFacts } from '../canary-fixtures.js';

describe('openvino-runtime-missing', () => {
  it('fires with one line for all devices with the same reason, and what is installed', () => {
    const d = openvinoRuntimeMissing.diagnose(seedFacts(judged(device('NPU', runtimeMissing()), device('CPU', runtimeMissing()))));
    expect(d?.evidence).toEqual(['NPU, CPU: cannot load the OpenVINO runtime: openvino-node is not installed', 'installed OpenVINO packages: openvino-python 2025.1.0']);
    expect(d?.next_step).toContain('npm install openvino-node');
  });

  it("keeps npm's whole reason for leaving openvino-node out, however long", () => {
    const reason = explainOpenvinoNodeAbsence({
      installRoot: '/opt/npu-watch',
      locked: { version: '2026.4.0', engines: { node: '>=21.0.0' } },
      node: { version: 'v20.20.2', platform: 'linux', arch: 'x64' },
      npmLog: null,
    });
    const message = `cannot load the OpenVINO runtime: ${reason}`;
    expect(message.length).toBeGreaterThan(160);
    const d = openvinoRuntimeMissing.diagnose(seedFacts(judged(device('NPU', runtimeMissing(message)), device('CPU', runtimeMissing(message)))));
    expect(d?.evidence[0]).toBe(`NPU, CPU: ${message}`);
  });

  it('suppresses every canary rule after it', () => {
    const facts = seedFacts(judged(device('NPU', runtimeMissing()), device('GPU', runtimeMissing()), device('CPU', runtimeMissing())));
    expect(diagnose(facts).map((d) => d.id)).toEqual(['openvino-runtime-missing']);
  });

  it('does not fire when the runtime loaded', () => {
    expect(openvinoRuntimeMissing.diagnose(seedFacts(judged(device('NPU', passes('NPU')), device('CPU', passes('CPU')))))).toBeNull();
  });
});
