import { describe, expect, it } from 'vitest';
import { openvinoDoesNotListNpu } from '../../../../src/diagnosis/rules/openvino-does-not-list-npu.js';
import { SEED_COMPONENTS, device, inventoryOf, judged, notListed, notStarted, passes, seedFacts } from '../canary-fixtures.js';

describe('openvino-does-not-list-npu', () => {
  it('fires with where the NPU is, what OpenVINO lists, and the driver package', () => {
    const d = openvinoDoesNotListNpu.diagnose(seedFacts(judged(device('NPU', notListed('NPU', ['CPU', 'GPU'])), device('CPU', passes('CPU')))));
    expect(d?.summary).toBe('The NPU is on the PCI bus but OpenVINO does not list it');
    expect(d?.evidence.slice(0, 2)).toEqual(['Lunar Lake NPU at 0000:00:0b.0, driver intel_vpu, node /dev/accel/accel0', 'NPU: OpenVINO does not list NPU (it lists: CPU, GPU)']);
    expect(d?.evidence).toContain('NPU Level Zero driver: intel-npu-driver 1.16.0-1.fc44');
  });

  it('without the driver package on Fedora: install it', () => {
    const inventory = inventoryOf(SEED_COMPONENTS.filter((c) => c.component !== 'intel-npu-driver'));
    const d = openvinoDoesNotListNpu.diagnose(seedFacts(judged(device('NPU', notListed('NPU', ['CPU'])), device('CPU', passes('CPU'))), { inventory }));
    expect(d?.next_step).toContain('sudo dnf install intel-npu-driver oneapi-level-zero');
  });

  it('does not fire when there is no NPU on the bus (a device rule says that)', () => {
    const verdicts = judged(notStarted('NPU', 'device_missing', 'no Intel NPU on the PCI bus'), device('CPU', passes('CPU')));
    expect(openvinoDoesNotListNpu.diagnose(seedFacts(verdicts, { device: { npus: [], gpus: [] } }))).toBeNull();
  });
});
