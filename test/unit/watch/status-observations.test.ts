import { describe, expect, it } from 'vitest';
import type { DeviceVerdict } from '../../../src/canary/canary-pass.js';
import { notRun } from '../../../src/canary/outcome.js';
import type { PowerWindow } from '../../../src/power/types.js';
import { observationsFrom } from '../../../src/watch/status-reporting.js';

// A working device whose benchmark measured `watts` per domain (the rest of the window does not matter here).
const benchmarked = (watts: Record<string, number>): DeviceVerdict => ({
  device: 'NPU',
  runtime: { name: 'openvino-node', kind: 'node', openvino_version: '2026.4.0' },
  canary: { ...notRun('ok', 'passed'), compiler: null },
  compilers: null,
  benchmark: { tokens_per_second: 20, power: { watts } as unknown as PowerWindow } as DeviceVerdict['benchmark'],
  benchmark_error: null,
  working: true,
});

describe("the status's watts of a benchmark", () => {
  it('are the package power (package-0) when RAPL measured it', () => {
    const [observation] = observationsFrom([benchmarked({ npu: 1.5, 'package-0': 9.5 })], 0, null);
    expect(observation!.watts).toBe(9.5);
  });

  it("are never the NPU's own PMT watts, which are not the package's", () => {
    const [observation] = observationsFrom([benchmarked({ npu: 1.5, battery: 12 })], 0, null);
    expect(observation!.watts).toBe(12);
    const [npuOnly] = observationsFrom([benchmarked({ npu: 1.5 })], 0, null);
    expect(npuOnly!.watts).toBeNull();
  });
});
