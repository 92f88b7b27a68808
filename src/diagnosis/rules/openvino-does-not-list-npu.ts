import { lastLine } from '../../canary/describe-failure.js';
import { NPU_DRIVER_RELEASES, componentVersions, levelZeroUpgrade, openvinoLine, packageManager } from '../evidence.js';
import { componentsOf, npuVerdict, verdictsOf } from '../facts.js';
import type { DiagnosisRule } from '../types.js';

// openvino-does-not-list-npu: the NPU is on the PCI bus (or the device probe did not say otherwise), the
// worker ran, and OpenVINO's device list has no NPU.
export const openvinoDoesNotListNpu: DiagnosisRule = {
  id: 'openvino-does-not-list-npu',
  suppresses: ['npu-canary-fails'],
  diagnose(facts) {
    const npu = npuVerdict(facts);
    if (npu === null || npu.canary.result !== 'device_missing' || npu.canary.stage !== 'discover') return null;
    // Not on the bus is no-npu-on-pci-bus's to say.
    const hardware = facts.device?.npus[0] ?? null;
    if (facts.device && hardware === null) return null;
    const components = componentsOf(facts);
    const evidence: string[] = [];
    if (hardware) {
      const node = hardware.node ? `, node ${hardware.node.path}` : ', no accel node';
      evidence.push(`${hardware.generation} NPU at ${hardware.pciAddress}, driver ${hardware.driver ?? 'none'}${node}`);
    }
    evidence.push(`${npu.device}: ${lastLine(npu.canary.message) ?? 'not listed by OpenVINO'}`);
    const plugin = Object.entries(npu.canary.runtime?.device_versions ?? {});
    if (plugin.length > 0) {
      evidence.push(`OpenVINO's NPU plugin is installed (${plugin.map(([name, build]) => `${name} ${build}`).join(', ')}) but found no NPU through Level Zero`);
    }
    const driver = componentVersions(components, ['intel-npu-driver', 'intel-level-zero-npu', 'intel-driver-compiler-npu']);
    evidence.push(driver ? `NPU Level Zero driver: ${driver}` : 'no NPU Level Zero driver package found (intel-npu-driver on Fedora, intel-level-zero-npu from Intel)');
    const openvino = openvinoLine(verdictsOf(facts), components);
    if (openvino) evidence.push(openvino);
    const install = driver
      ? `upgrade that driver (${levelZeroUpgrade(components)})`
      : packageManager(components) === 'rpm'
        ? 'install that driver (`sudo dnf install intel-npu-driver oneapi-level-zero`)'
        : `install that driver (intel-level-zero-npu, intel-driver-compiler-npu and level-zero from ${NPU_DRIVER_RELEASES})`;
    return {
      id: 'openvino-does-not-list-npu',
      summary: hardware ? 'The NPU is on the PCI bus but OpenVINO does not list it' : 'OpenVINO does not list the NPU',
      evidence,
      next_step: `OpenVINO's NPU plugin finds the NPU through the NPU's Level Zero driver, so ${install}, then run \`npu-watch check --device NPU\` again.`,
    };
  },
};
