import type { Core, NodeAddon } from 'openvino-node';
import { isListed, isNpu } from '../device-names.js';
import type { RuntimeInfo } from '../types.js';

const PROPERTIES = ['FULL_DEVICE_NAME', 'DEVICE_ARCHITECTURE', 'NPU_DRIVER_VERSION', 'NPU_COMPILER_VERSION', 'NPU_COMPILER_TYPE'];

// What the runtime says about itself and the device; a property the binding cannot read is left out.
export function discover(addon: NodeAddon, core: Core, device: string, module: string, fake: boolean): RuntimeInfo {
  const info: RuntimeInfo = {
    module,
    fake,
    openvino_version: attempt(() => addon.getOpenvinoVersion().buildNumber) ?? null,
    available_devices: core.getAvailableDevices(),
    device_versions: {},
    properties: {},
  };
  if (!isListed(info.available_devices, device)) return info;
  const versions = attempt(() => core.getVersions(device)) ?? {};
  for (const [plugin, version] of Object.entries(versions)) info.device_versions[plugin] = version.buildNumber;
  for (const name of PROPERTIES) {
    if (name.startsWith('NPU_') && !isNpu(device)) continue;
    const value = attempt(() => core.getProperty(device, name));
    if (value === undefined || value === null || value === '') continue;
    info.properties[name] = name === 'NPU_COMPILER_VERSION' && typeof value === 'number' ? decodeCompilerVersion(value) : String(value);
  }
  if (info.properties['NPU_COMPILER_VERSION'] !== undefined) info.npu_compiler_version_of = compilerVersionLabel(info.properties['NPU_COMPILER_TYPE']);
  return info;
}

// Which compiler the core's NPU_COMPILER_VERSION describes: the default configuration's, i.e. the one
// NPU_COMPILER_TYPE names, and under PREFER_PLUGIN (the default from OpenVINO 2026.1) the plugin's own compiler
// when it loads, else the driver's (src/plugins/intel_npu/src/compiler_adapter/src/compiler_adapter_factory.cpp,
// CompilerAdapterFactory::getCompiler). A run that forces another compiler does not change it: the core is asked
// without that run's compile config.
export function compilerVersionLabel(compilerType: string | undefined): string {
  if (compilerType === undefined) return 'the default compiler (NPU_COMPILER_TYPE not readable)';
  if (compilerType === 'PREFER_PLUGIN') return "the default compiler (NPU_COMPILER_TYPE=PREFER_PLUGIN: the plugin's own when it loads, else the driver's)";
  return `the default compiler (NPU_COMPILER_TYPE=${compilerType})`;
}

// NPU_COMPILER_VERSION packs major.minor into one integer: major << 16 | minor.
export function decodeCompilerVersion(value: number): string {
  return `${Math.floor(value / 65536)}.${value % 65536}`;
}


function attempt<T>(read: () => T): T | undefined {
  try {
    return read();
  } catch {
    return undefined;
  }
}
