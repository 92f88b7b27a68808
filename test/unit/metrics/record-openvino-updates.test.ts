import { describe, expect, it } from 'vitest';
import { recordInventory, recordOpenvinoUpdates, recordUpdates } from '../../../src/metrics/record.js';
import { createMetrics } from '../../../src/metrics/registry.js';
import type { Inventory } from '../../../src/probes/inventory/types.js';
import type { UpdatesResult } from '../../../src/probes/updates/types.js';

const inventory: Inventory = { packageManager: 'rpm', components: [{ component: 'intel-npu-driver', version: '1.16.0-1.fc44', source: 'rpm' }] };
const runtimes = [
  { name: 'openvino-node', kind: 'node' as const, openvino_version: '2025.1.0' },
  { name: 'venv', kind: 'python' as const, openvino_version: '2025.3.0' },
  { name: 'offline-venv', kind: 'python' as const, openvino_version: '2025.1.0' },
];
const updates: UpdatesResult = {
  status: 'no_data',
  reason: 'dnf could not download repository metadata',
  openvino: [
    { runtime: 'openvino-node', kind: 'node', newest: '2025.4.0' },
    { runtime: 'venv', kind: 'python', newest: '2025.3.0' },
  ],
};

async function updateSeries(metrics: ReturnType<typeof createMetrics>): Promise<Record<string, number>> {
  const { values } = await metrics.componentUpdateAvailable.get();
  return Object.fromEntries(values.map((v) => [String(v.labels.component), v.value]));
}

describe('npuwatch_component_update_available for the runtimes’ OpenVINO', () => {
  it('is 1 with a newer release, 0 without, absent when the runtime’s index did not answer, even with no package data', async () => {
    const metrics = createMetrics();
    recordInventory(metrics, inventory);
    recordUpdates(metrics, updates, inventory);
    recordOpenvinoUpdates(metrics, updates, runtimes);
    expect(await updateSeries(metrics)).toEqual({ 'openvino (openvino-node)': 1, 'openvino (venv)': 0 });
  });

  it('sits beside the packages’ series', async () => {
    const metrics = createMetrics();
    const withPackages: UpdatesResult = { status: 'ok', manager: 'dnf', candidates: [{ package: 'intel-npu-driver', version: '1.17.0-1.fc43', repository: 'updates' }], openvino: updates.openvino };
    recordUpdates(metrics, withPackages, inventory);
    recordOpenvinoUpdates(metrics, withPackages, runtimes);
    expect(await updateSeries(metrics)).toEqual({ 'intel-npu-driver': 1, 'openvino (openvino-node)': 1, 'openvino (venv)': 0 });
  });
});
