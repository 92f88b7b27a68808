import { isNpu } from '../../canary/device-names.js';
import { tryEntryWorks, type TryEntry } from '../../canary/try-results.js';
import { allVerdictsOf } from '../facts.js';
import type { DiagnosisRule } from '../types.js';

// openvino-working-version-exists: the NPU fails with every runtime the canary tests, but `npu-watch try-openvino`
// found an OpenVINO version that works on this host (every device it ran on passed): the way out is to use that
// version. Newest working version first; pip's for a python try, npm's for a node one.
export const openvinoWorkingVersionExists: DiagnosisRule = {
  id: 'openvino-working-version-exists',
  scope: 'runtimes',
  diagnose(facts) {
    const npus = allVerdictsOf(facts).filter((v) => isNpu(v.device));
    if (npus.length === 0 || npus.some((v) => v.working)) return null;
    const tried = facts.tried_versions ?? [];
    // The kind of the failing runtimes first (a node runtime is helped by an openvino-node), then the newest.
    const kinds = new Set(npus.map((v) => v.runtime.kind));
    const works = newestFirst(tried.filter(tryEntryWorks).filter((e) => e.devices.some((d) => isNpu(d.device))));
    const best = works.find((e) => kinds.has(e.kind)) ?? works[0];
    if (best === undefined) return null;
    const fake = best.fake ? ' [fake runtime: test data]' : '';
    return {
      id: 'openvino-working-version-exists',
      summary: `A working OpenVINO version exists: ${packageOf(best)} ${best.version} passed on the NPU with npu-watch try-openvino${fake}`,
      evidence: newestFirst(tried).map(entryLine),
      next_step:
        best.kind === 'python'
          ? `Install it where the failing runtime runs: \`python -m pip install "openvino==${best.version}"\` with that runtime's interpreter (or use try-openvino's venv as a [[runtimes]] interpreter).`
          : `Install it where the failing runtime runs: \`npm install openvino-node@${best.version}\` (or use try-openvino's npm prefix as a [[runtimes]] module).`,
    };
  },
};

const packageOf = (entry: TryEntry) => (entry.kind === 'python' ? 'openvino' : 'openvino-node');

// "openvino 2025.1.0 (2026-11-27T23:00:00.000Z, intel-npu-driver 1.16.0-1.fc44): NPU compile_crash with DRIVER: ZE_RESULT_…; CPU ok".
function entryLine(entry: TryEntry): string {
  const context = [entry.at, entry.npu_driver].filter((part) => part !== null).join(', ');
  const head = `${packageOf(entry)} ${entry.version} (${context})`;
  if (entry.install_failed !== null) return `${head}: install_failed: ${entry.install_failed}`;
  const devices = entry.devices.map((d) => `${d.device} ${d.working ? 'ok' : d.result}${d.compiler && !d.working ? ` with ${d.compiler}` : ''}${d.signature && !d.working ? `: ${d.signature}` : ''}`);
  return `${head}: ${devices.join('; ')}`;
}

function newestFirst(entries: readonly TryEntry[]): TryEntry[] {
  return [...entries].sort((a, b) => b.version.localeCompare(a.version, 'en', { numeric: true }) || a.kind.localeCompare(b.kind));
}
