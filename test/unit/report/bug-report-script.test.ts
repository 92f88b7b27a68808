import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { canaryInput, canaryReference } from '../../../src/canary/model/canary-model.js';
import { reproductionScript } from '../../../src/report/page/bug-report.js';

// Debian's interpreter: it has python3-numpy (.ci/run installs it); the python3 first on PATH may not.
const PYTHON = '/usr/bin/python3';

// The bug report's script writes the canary's weights as formulas of their own. Its numpy part (everything before
// it builds the model with OpenVINO) run for real must give npu-watch's canary input and reference, so a report
// never asks a maintainer to run a different network than the one that failed.
describe("the bug report's reproduction script", () => {
  it("computes npu-watch's canary input and reference", () => {
    const script = reproductionScript('NPU');
    const numpyPart = script.slice(0, script.indexOf('x = ops.parameter'));
    expect(numpyPart).toContain('w2 = np.array');
    const probe = `${numpyPart.replace('import openvino as ov\nimport openvino.opset13 as ops\n', '')}
import json
reference = np.maximum(x_in @ w1 + b1, 0) @ w2 + b2
print(json.dumps({"x": x_in[0].tolist(), "reference": reference[0].tolist()}))
`;
    const result = spawnSync(PYTHON, ['-c', probe], { encoding: 'utf8' });
    expect(result.stderr).toBe('');
    const { x, reference } = JSON.parse(result.stdout) as { x: number[]; reference: number[] };
    const input = canaryInput();
    expect(x).toEqual([...input]);
    expect(reference).toEqual([...canaryReference(input)]);
  });
});
