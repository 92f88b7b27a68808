import { describe, expect, it } from 'vitest';
import type { Component } from '../../../src/probes/inventory/types.js';
import { describeChange, diffComponents, runtimeVersionChanges } from '../../../src/status/component-changes.js';

const rpm = (component: string, version: string): Component => ({ component, version, source: 'rpm' });

describe('diffComponents', () => {
  it('reports a driver update, a new package and a removed one, by name', () => {
    const before = [rpm('intel-npu-driver', '1.16.0-1.fc44'), rpm('intel-opencl', '25.31.34666.3-1.fc43'), rpm('kernel', '6.17.6')];
    const after = [rpm('intel-npu-driver', '1.17.0-1.fc43'), rpm('kernel', '6.17.6'), rpm('openvino-node', '2025.4.0')];
    const changes = diffComponents(before, after);
    expect(changes).toEqual([
      { component: 'intel-npu-driver', from: '1.16.0-1.fc44', to: '1.17.0-1.fc43' },
      { component: 'intel-opencl', from: '25.31.34666.3-1.fc43', to: null },
      { component: 'openvino-node', from: null, to: '2025.4.0' },
    ]);
    expect(changes.map(describeChange)).toEqual([
      'intel-npu-driver 1.16.0-1.fc44 → 1.17.0-1.fc43',
      'intel-opencl removed (was 25.31.34666.3-1.fc43)',
      'openvino-node installed: 2025.4.0',
    ]);
  });

  it('finds nothing when nothing changed', () => {
    expect(diffComponents([rpm('a', '1')], [rpm('a', '1')])).toEqual([]);
  });
});

describe('runtimeVersionChanges', () => {
  it("a runtime's new OpenVINO version is a component change; a first sighting or a run that said no version is not", () => {
    const before = new Map([['python3', '2025.1.0'], ['openvino-node', '2026.4.0']]);
    const after = new Map<string, string | null>([['python3', '2025.2.0'], ['openvino-node', null], ['venv', '2026.0.0']]);
    const changes = runtimeVersionChanges(before, after);
    expect(changes).toEqual([{ component: 'openvino (python3)', from: '2025.1.0', to: '2025.2.0' }]);
    expect(changes.map(describeChange)).toEqual(['openvino (python3) 2025.1.0 → 2025.2.0']);
    expect(runtimeVersionChanges(before, new Map([['python3', '2025.1.0']]))).toEqual([]);
  });
});
