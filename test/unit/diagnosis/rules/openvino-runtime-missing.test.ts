import { describe, expect, it } from 'vitest';
import { diagnose } from '../../../../src/diagnosis/diagnose.js';
import { openvinoRuntimeMissing } from '../../../../src/diagnosis/rules/openvino-runtime-missing.js';
import { device, judged, passes, runtimeMissing, seedFacts } from '../canary-fixtures.js';

describe('openvino-runtime-missing', () => {
  it('fires with one line for all devices with the same reason, and what is installed', () => {
    const d = openvinoRuntimeMissing.diagnose(seedFacts(judged(device('NPU', runtimeMissing()), device('CPU', runtimeMissing()))));
    expect(d?.evidence).toEqual(['NPU, CPU: cannot load the OpenVINO runtime: openvino-node is not installed', 'installed OpenVINO packages: openvino-python 2025.1.0']);
    expect(d?.next_step).toContain('npm install openvino-node');
  });

  it('suppresses every canary rule after it', () => {
    const facts = seedFacts(judged(device('NPU', runtimeMissing()), device('GPU', runtimeMissing()), device('CPU', runtimeMissing())));
    expect(diagnose(facts).map((d) => d.id)).toEqual(['openvino-runtime-missing']);
  });

  it('does not fire when the runtime loaded', () => {
    expect(openvinoRuntimeMissing.diagnose(seedFacts(judged(device('NPU', passes('NPU')), device('CPU', passes('CPU')))))).toBeNull();
  });
});
