import type { DeviceVerdict } from '../../canary/canary-pass.js';
import { failureText } from '../../canary/describe-failure.js';
import { isNpu } from '../../canary/device-names.js';
import type { RuntimeRef } from '../../canary/runtime-ref.js';
import { OPENVINO_ISSUES, npuDriverLine } from '../evidence.js';
import { allVerdictsOf, componentsOf } from '../facts.js';
import type { DiagnosisRule } from '../types.js';

// openvino-versions-on-npu: the answer the seed's owner asked for ("try OpenVINO 2025.0, try the nightly"): with
// more than one OpenVINO runtime tested on the NPU ([[runtimes]]), which of them work with the installed NPU
// driver and which do not, each with the compiler its default configuration used, and how to get a failing one
// working: use a version that works, or force the compiler that works for it. The NPU plugin, its default
// compiler (DRIVER before OpenVINO 2026.1, PREFER_PLUGIN from it) and its Level Zero calls come with each
// OpenVINO; the kernel driver and the driver's compiler are shared, so one host can give both answers.
export const openvinoVersionsOnNpu: DiagnosisRule = {
  id: 'openvino-versions-on-npu',
  scope: 'runtimes',
  diagnose(facts) {
    const npus = firstNpuPerRuntime(allVerdictsOf(facts));
    const tested = npus.filter(wasTested);
    if (tested.length < 2) return null;
    const works = tested.filter((v) => v.working);
    const fails = tested.filter((v) => !v.working);
    if (fails.length === 0) return null;
    const evidence = npus.map(verdictLine);
    const driver = npuDriverLine(tested[0]!, componentsOf(facts));
    if (driver) evidence.push(driver);
    if (works.length === 0) {
      return {
        id: 'openvino-versions-on-npu',
        summary: `No tested OpenVINO works with the installed NPU driver: ${fails.map((v) => named(v.runtime)).join(', ')}`,
        evidence,
        next_step:
          `Try another OpenVINO release side by side (README "Runtimes": a second openvino-node under /var/lib/npu-watch/runtimes, ` +
          `or a virtual environment's python) or another NPU driver, and report each version's failure at ${OPENVINO_ISSUES}.`,
      };
    }
    const best = newest(works);
    return {
      id: 'openvino-versions-on-npu',
      summary:
        `OpenVINO ${works.map((v) => named(v.runtime)).join(', ')} ${works.length === 1 ? 'works' : 'work'} with the installed NPU driver; ` +
        `${fails.map((v) => named(v.runtime)).join(', ')} ${fails.length === 1 ? 'does' : 'do'} not`,
      evidence,
      next_step: fails.map((v) => advice(v, best)).join('; '),
    };
  },
};

// Results that say nothing about OpenVINO and the driver: no runtime, nothing run, no access, or no NPU on the bus
// (a device_missing that never started a worker has no stage).
const NOT_TESTED = new Set(['runtime_missing', 'skipped', 'permission_denied']);
function wasTested(v: DeviceVerdict): boolean {
  return !NOT_TESTED.has(v.canary.result) && !(v.canary.result === 'device_missing' && v.canary.stage === null);
}

function firstNpuPerRuntime(verdicts: DeviceVerdict[]): DeviceVerdict[] {
  const seen = new Map<string, DeviceVerdict>();
  for (const v of verdicts) if (isNpu(v.device) && !seen.has(v.runtime.name)) seen.set(v.runtime.name, v);
  return [...seen.values()];
}

// "2025.1.0 (python3)".
const named = (runtime: RuntimeRef): string => `${runtime.openvino_version ?? 'version unknown'} (${runtime.name})`;

// The compiler the default configuration used: as the compiled model tells it, else as configured
// (NPU_COMPILER_TYPE read from the core before compiling: DRIVER before OpenVINO 2026.1; types.ts RuntimeInfo).
function compilerOf(v: DeviceVerdict): string | null {
  return v.canary.runtime?.npu_compiler_used ?? v.canary.runtime?.properties.NPU_COMPILER_TYPE ?? null;
}

// "2025.1.0 (python3): compile_crash with DRIVER: ZE_RESULT_ERROR_UNKNOWN 0x7ffffffe …", "2026.4.0 (openvino-node): ok with PLUGIN".
function verdictLine(v: DeviceVerdict): string {
  if (!wasTested(v)) return `${named(v.runtime)}: ${v.canary.result}${v.canary.message ? `: ${v.canary.message}` : ''}`;
  const compiler = compilerOf(v);
  const result = v.working ? 'ok' : v.canary.result === 'ok' ? 'unverified (its LLM tokens disagree with CPU\'s)' : v.canary.result;
  const text = v.working || v.canary.result === 'ok' ? null : failureText(v.canary);
  return `${named(v.runtime)}: ${result}${compiler ? ` with ${compiler}` : ''}${text ? `: ${text}` : ''}`;
}

// What to do about one failing runtime, given the newest working one: move to that release, or (when this
// runtime's own forced run with the plugin's compiler passed) compile with that compiler.
function advice(v: DeviceVerdict, best: DeviceVerdict): string {
  const target = best.runtime.openvino_version;
  const current = v.runtime.openvino_version;
  const move =
    target === null
      ? `use the OpenVINO of ${best.runtime.name}`
      : current !== null && compareReleases(target, current) < 0
        ? `use OpenVINO ${target} (as ${best.runtime.name} does)`
        : `upgrade openvino to ${target}${v.runtime.kind === 'python' ? ` (\`python -m pip install --upgrade "openvino==${target}"\` with ${v.runtime.name}'s interpreter)` : ` (\`npm install openvino-node@${target}\` where ${v.runtime.name} is installed)`}`;
  const plugin = v.compilers?.find((run) => run.compiler === 'PLUGIN');
  const value = plugin?.runtime?.npu_compiler_used === 'MLIR' ? 'MLIR' : 'PLUGIN';
  const force = plugin?.result === 'ok' ? `, or set NPU_COMPILER_TYPE=${value} (its own forced run with the plugin's compiler passed)` : '';
  return `${named(v.runtime)}: ${move}${force}`;
}

function newest(verdicts: DeviceVerdict[]): DeviceVerdict {
  return verdicts.reduce((a, b) => (compareReleases(b.runtime.openvino_version ?? '', a.runtime.openvino_version ?? '') > 0 ? b : a));
}

// "2026.4.0" vs "2025.1.0", numerically part by part; a part that is not a number counts as 0.
function compareReleases(a: string, b: string): number {
  const pa = a.split('.').map((part) => Number.parseInt(part, 10) || 0);
  const pb = b.split('.').map((part) => Number.parseInt(part, 10) || 0);
  for (let i = 0; i < Math.max(pa.length, pb.length); i += 1) {
    const d = (pa[i] ?? 0) - (pb[i] ?? 0);
    if (d !== 0) return d;
  }
  return 0;
}
