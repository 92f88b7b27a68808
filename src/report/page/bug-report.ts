import type { PageError, PageModel } from './page-model.js';

// Where a failure belongs upstream, and why.
export interface UpstreamRepository {
  repository: 'openvinotoolkit/openvino' | 'intel/linux-npu-driver';
  reason: string;
}

// Diagnoses that put the failure in the NPU driver package (its compiler, its Level Zero driver), the firmware it
// loads, or the kernel driver: intel/linux-npu-driver ships the user-mode driver, the compiler-in-driver and the
// firmware, and its issues are where the ivpu kernel driver's users report.
const DRIVER_SIDE = new Set([
  'npu-driver-compiler-fails',
  'npu-firmware-missing',
  'npu-driver-not-bound',
  'npu-device-node-missing',
  'npu-not-listed-without-npu-user-mode-driver',
  'npu-graph-argument-invalid-argument',
  'npu-device-lost-at-inference',
  'npu-mmu-translation-fault',
  'npu-no-devices-found-at-compile',
  'npu-fence-sync-unknown-error',
  'npu-compiler-unresolved-materialization',
]);

// The compile reached the driver's compiler through the Level Zero graph extension: the NPU plugin's
// ze_graph_ext_wrappers.cpp (openvinotoolkit/openvino src/plugins/intel_npu/src/compiler_adapter/src/
// ze_graph_ext_wrappers.cpp, the "L0 pfnCreate2 result" exception) wraps the driver's error code.
const THROUGH_DRIVER_COMPILER = /pfnCreate|ze_graph|ZE_RESULT_/;

// The repository that fits the failure (pure): the driver's when a diagnosis or the failure's text points at the
// driver, its compiler, its firmware or the kernel driver; OpenVINO's (the NPU plugin) otherwise.
export function upstreamRepositoryOf(page: PageModel, error: PageError | null): UpstreamRepository {
  const driverDiagnosis = page.diagnosis.find((d) => DRIVER_SIDE.has(d.id) || d.see.some((url) => url.includes('github.com/intel/linux-npu-driver')));
  if (driverDiagnosis) return { repository: 'intel/linux-npu-driver', reason: `the diagnosis "${driverDiagnosis.id}" puts it in the NPU driver package (driver, firmware or compiler-in-driver)` };
  const text = `${error?.signature ?? ''}\n${error?.message ?? ''}\n${error?.stderr_excerpt ?? ''}`;
  if (THROUGH_DRIVER_COMPILER.test(text)) return { repository: 'intel/linux-npu-driver', reason: 'the failure comes back from the NPU driver\'s compiler through the Level Zero graph extension' };
  return { repository: 'openvinotoolkit/openvino', reason: 'nothing points below the NPU plugin: OpenVINO\'s NPU plugin is the first suspect' };
}

// The text of an upstream bug report for `device`, with the fields of OpenVINO's bug template
// (openvinotoolkit/openvino .github/ISSUE_TEMPLATE/bug.yml: OpenVINO Version, Operating System, Device used for
// inference, Framework, Model used, Issue description, Step by step reproduction, Relevant log output), the driver
// and firmware versions, and the repository that fits. The caller redacts it (redact.ts) before printing.
export function renderBugReport(page: PageModel, device: string): string {
  const entry = page.devices.find((d) => d.device === device) ?? null;
  const error = page.errors.find((e) => e.device === device) ?? null;
  const upstream = upstreamRepositoryOf(page, error);
  const version = (name: string) => page.components.find((c) => c.component === name)?.version ?? null;
  const runtime = error?.runtime ?? entry?.runtime ?? null;
  const openvino = runtime?.openvino_version ?? version('openvino-python') ?? version('openvino-node') ?? 'unknown';
  const what = error ? `${error.result}${error.stage ? ` in ${error.stage}` : ''}${error.ended_by ? ` (${error.ended_by})` : ''}` : 'no failure recorded';
  const title = `[Bug]: ${device} ${what}${page.system.npu_generation ? ` on ${page.system.npu_generation}` : ''}${error?.signature ? `: ${error.signature}` : ''}`;
  const drivers = page.components.filter((c) => /npu|level-zero|firmware|kernel|openvino/.test(c.component) || c.source === 'firmware');
  const out = [
    `Suggested repository: https://github.com/${upstream.repository}/issues/new (${upstream.reason})`,
    `Title: ${title}`,
    '',
    '### OpenVINO Version',
    '',
    `${openvino} (${runtime ? `${runtime.name}${runtime.fake ? ": npu-watch's fake runtime, a test result" : ''}` : 'no runtime loaded'})`,
    '',
    '### Operating System',
    '',
    `Other (Please specify in description): ${page.system.distribution ?? 'unknown distribution'}, kernel ${page.system.kernel ?? 'unknown'}`,
    '',
    '### Device used for inference',
    '',
    `${device} (the template lists no NPU)${device.startsWith('NPU') && page.system.npu ? `: Intel ${page.system.npu}` : ''}`,
    '',
    '### Framework',
    '',
    'ONNX (npu-watch\'s canary is an ONNX model; the script below builds the same network with OpenVINO\'s opset API)',
    '',
    '### Model used',
    '',
    'npu-watch\'s canary: x[1,16] → MatMul [16,32] → Add → Relu → MatMul [32,8] → Add → y[1,8], weights given by formulas (in the script)',
    '',
    '### Issue description',
    '',
    error
      ? `Compiling and running a two-layer network on the ${device} fails: ${what}${error.signature ? `, signature \`${error.signature}\`` : ''}. ${error.message ? `Message: ${firstLine(error.message)}` : ''}`.trim()
      : `npu-watch recorded no failure on the ${device}.`,
    '',
    `System: ${page.system.distribution ?? 'unknown distribution'}, kernel ${page.system.kernel ?? 'unknown'}, CPU ${page.system.cpu ?? 'unknown'}, NPU ${page.system.npu ?? 'none found'}.`,
    '',
    'Driver, firmware and runtime versions:',
    '',
    ...drivers.map((c) => `- ${c.component} ${c.version} (${c.source})${c.update ? `, ${c.update} available` : ''}`),
    ...(page.diagnosis.length > 0 ? ['', 'npu-watch\'s diagnosis:', '', ...page.diagnosis.flatMap((d) => [`- ${d.summary}`, ...d.see.map((url) => `  - ${url}`)])] : []),
    '',
    '### Step by step reproduction',
    '',
    // The release part of a build string ("2025.1.0-18503-…" is what get_version() returns) is what pip knows.
    `1. \`pip install openvino==${/^\d{4}\.\d+\.\d+/.exec(openvino)?.[0] ?? '<version>'} numpy\``,
    `2. Save this as \`canary.py\` and run \`python3 canary.py\`:`,
    '',
    '```python',
    reproductionScript(device),
    '```',
    '',
    '### Relevant log output',
    '',
    '```shell',
    ...(error?.signature ? [`# signature: ${error.signature}`] : []),
    ...(error?.stderr_excerpt ? [error.stderr_excerpt] : ['(no output was kept)']),
    ...(page.kernel_lines && page.kernel_lines.length > 0 ? ['', '# kernel (intel_vpu, this boot):', ...page.kernel_lines.slice(-20)] : []),
    '```',
    '',
  ];
  return out.join('\n');
}

// The canary as a self-contained Python script: the same network and weights as src/canary/model/canary-weights.ts,
// built with OpenVINO's opset API (openvinotoolkit/openvino src/bindings/python/src/openvino/opset13/__init__.py:
// parameter, constant, matmul, add, relu), compiled with the NPU driver's blob cache bypassed as the canary does
// (src/canary/worker/canary-stages.ts, canaryCompileProperties), and compared with a numpy reference. Its weights
// are formulas of their own (readable in a bug report): test/unit/report/bug-report-script.test.ts runs them with
// numpy and holds them to the canary's input and reference.
export function reproductionScript(device: string): string {
  const properties = device.startsWith('NPU') ? '{"NPU_BYPASS_UMD_CACHING": "YES"}' : '{}';
  return `import numpy as np
import openvino as ov
import openvino.opset13 as ops

f32 = np.float32
x_in = np.array([[((5 * i + 2) % 11 - 5) / 4 for i in range(16)]], dtype=f32)
w1 = np.array([[((7 * r + 3 * c + 1) % 17 - 8) / 32 for c in range(32)] for r in range(16)], dtype=f32)
b1 = np.array([((5 * c + 4) % 13 - 6) / 64 for c in range(32)], dtype=f32)
w2 = np.array([[((3 * r + 5 * c + 2) % 9 - 4) / 8 for c in range(8)] for r in range(32)], dtype=f32)
b2 = np.array([((3 * c + 1) % 7 - 3) / 8 for c in range(8)], dtype=f32)

x = ops.parameter([1, 16], f32, name="x")
h = ops.relu(ops.add(ops.matmul(x, ops.constant(w1), False, False), ops.constant(b1)))
y = ops.add(ops.matmul(h, ops.constant(w2), False, False), ops.constant(b2))
model = ov.Model([y], [x], "npu_watch_canary")

core = ov.Core()
print("OpenVINO", ov.get_version(), "devices", core.available_devices)
compiled = core.compile_model(model, "${device}", ${properties})
out = compiled(x_in)[0]
reference = np.maximum(x_in @ w1 + b1, 0) @ w2 + b2
print("max abs error", float(np.abs(out - reference).max()))`;
}

const firstLine = (text: string) => text.split('\n').find((line) => line.trim() !== '') ?? text;
