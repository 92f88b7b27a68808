import { componentsOf, npuVerdict } from '../facts.js';
import type { DiagnoseFacts } from '../types.js';

// The NPU has its /dev/accel node, the worker asked OpenVINO and the NPU was not in its list, and the package
// database answered without any of `packages` (so they are really not installed): the evidence line, else null.
export function notListedWithout(facts: DiagnoseFacts, packages: readonly string[]): string | null {
  const npu = npuVerdict(facts);
  const node = facts.device?.npus[0]?.node ?? null;
  const manager = facts.inventory?.packageManager ?? null;
  if (npu?.canary.result !== 'device_missing' || npu.canary.stage !== 'discover' || node === null || manager === null) return null;
  if (componentsOf(facts).some((c) => packages.includes(c.component))) return null;
  const listed = npu.canary.runtime?.available_devices.join(', ') || 'no device';
  return `${node.path} is there, OpenVINO lists ${listed} but not ${npu.device}, and ${manager} has none of ${packages.join(', ')}`;
}
