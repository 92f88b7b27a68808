import type { DeviceVerdict } from '../canary/canary-pass.js';
import type { CompilerRun } from '../canary/outcome.js';
import type { NpuDevice } from '../probes/device/types.js';
import type { PackageDatabase } from '../probes/distro/package-tooling.js';
import type { Component } from '../probes/inventory/types.js';

// Where users report OpenVINO (and its NPU/GPU plugins') bugs, as the seed does.
export const OPENVINO_ISSUES = 'https://github.com/openvinotoolkit/openvino/issues';
// Intel's NPU driver (Level Zero NPU driver, driver compiler, firmware) releases, with their release notes.
export const NPU_DRIVER_RELEASES = 'https://github.com/intel/linux-npu-driver/releases';
// Where NPU driver bugs (hangs, kernel-side failures) are reported.
export const NPU_DRIVER_ISSUES = 'https://github.com/intel/linux-npu-driver/issues';
// Intel's GPU compute runtime (Level Zero GPU driver and OpenCL).
export const COMPUTE_RUNTIME_RELEASES = 'https://github.com/intel/compute-runtime/releases';

// The Level Zero / compute-runtime packages (Fedora first, then Intel's .debs and Ubuntu's), in that order.
export const LEVEL_ZERO_PACKAGES: readonly string[] = [
  'intel-npu-driver',
  'intel-level-zero',
  'oneapi-level-zero',
  'intel-opencl',
  'intel-level-zero-npu',
  'intel-driver-compiler-npu',
  'level-zero',
  'libze1',
  'libze-intel-gpu1',
  'intel-level-zero-gpu',
  'intel-opencl-icd',
];

// Where GPU compute-runtime bugs (Level Zero GPU driver, OpenCL) are reported.
export const COMPUTE_RUNTIME_ISSUES = 'https://github.com/intel/compute-runtime/issues';

// The packages that carry the NPU's own Level Zero driver (libze_intel_npu.so) and the driver compiler it
// dlopen()s for graph compiles (libnpu_driver_compiler.so: intel/linux-npu-driver,
// umd/level_zero_driver/ext/source/graph/vcl_symbols.hpp, class Vcl, compilerNames): Fedora's intel-npu-driver,
// Intel's .debs intel-level-zero-npu and intel-driver-compiler-npu.
export const NPU_DRIVER_PACKAGES: readonly string[] = ['intel-npu-driver', 'intel-level-zero-npu', 'intel-driver-compiler-npu'];

// The packages of Intel's GPU compute runtime (intel/compute-runtime: the Level Zero GPU driver and OpenCL), which
// OpenVINO's GPU plugin (openvinotoolkit/openvino src/plugins/intel_gpu, the "cldnn" engine) runs on: Fedora's
// compute-runtime packages intel-level-zero and intel-opencl (versioned like compute-runtime releases,
// e.g. 25.31.34666.3), Debian/Ubuntu's and Intel's libze-intel-gpu1, intel-level-zero-gpu and intel-opencl-icd.
export const GPU_RUNTIME_PACKAGES: readonly string[] = ['intel-level-zero', 'intel-opencl', 'libze-intel-gpu1', 'intel-level-zero-gpu', 'intel-opencl-icd'];

// What the seed upgrades when nothing better is known.
const SEED_DNF_PACKAGES = ['intel-npu-driver', 'intel-level-zero', 'oneapi-level-zero'];

// The `dnf check-update` filter the seed uses to see pending updates of the stack.
export const DNF_CHECK_UPDATE = 'sudo dnf check-update | grep -E "intel-npu|level-zero|openvino"';

import { describeFailure, lastLine } from '../canary/describe-failure.js';

// Results that mean the device itself was tried and did not pass (skipped runs are neither).
const FAILURES = new Set(['runtime_missing', 'device_missing', 'permission_denied', 'compile_error', 'compile_crash', 'infer_error', 'infer_crash', 'wrong_output', 'timeout']);

// Results that mean a device compiled or ran the canary and failed at it (not "could not start").
export const RAN_AND_FAILED: ReadonlySet<string> = new Set(['compile_error', 'compile_crash', 'infer_error', 'infer_crash']);

// "Lunar Lake NPU (8086:643e) at 0000:00:0b.0", how the device rules name the NPU.
export function describeNpu(npu: NpuDevice): string {
  return `${npu.generation} NPU (${npu.vendorId.replace('0x', '')}:${npu.deviceId.replace('0x', '')}) at ${npu.pciAddress}`;
}

// Whether a canary outcome is a failure (ok and skipped are not).
export function failed(canary: Pick<CompilerRun, 'result'>): boolean {
  return FAILURES.has(canary.result);
}

// The NPU's runs with a compiler forced, each as "NPU with NPU_COMPILER_TYPE=PLUGIN: …", leaving out those that
// ended as the default configuration did (same result and signature: they add nothing to its line).
export function otherCompilerLines(verdict: DeviceVerdict): string[] {
  return distinctCompilerRuns(verdict).map((run) => `${verdict.device} with NPU_COMPILER_TYPE=${run.compiler ?? 'default'}: ${compilerRunText(run)}`);
}

// The forced-compiler runs that ended otherwise than the default configuration.
export function distinctCompilerRuns(verdict: DeviceVerdict): CompilerRun[] {
  return (verdict.compilers ?? []).filter((run) => run.result !== verdict.canary.result || run.signature !== verdict.canary.signature);
}

// "ok", "not offered by this OpenVINO (…)", or the failure.
export function compilerRunText(run: CompilerRun): string {
  if (run.result === 'ok') return 'ok';
  if (run.result === 'unsupported') return `not offered by this OpenVINO (${lastLine(run.message) ?? 'value refused'})`;
  return describeFailure(run);
}

// "intel-npu-driver 1.16.0-1.fc44, intel-level-zero 25.31.34666.3-1.fc43, …" for the named components present.
export function componentVersions(components: Component[], names: readonly string[]): string | null {
  const found = names.flatMap((name) => components.filter((c) => c.component === name)).map((c) => `${c.component} ${c.version}`);
  return found.length > 0 ? found.join(', ') : null;
}

// "Level Zero / compute runtime: intel-npu-driver 1.16.0-1.fc44, …" (or that the inventory found none).
export function levelZeroLine(components: Component[]): string {
  const versions = componentVersions(components, LEVEL_ZERO_PACKAGES);
  return versions ? `Level Zero / compute runtime: ${versions}` : `Level Zero / compute runtime: no package found by the inventory (${LEVEL_ZERO_PACKAGES.slice(0, 3).join(', ')}, …)`;
}

// The OpenVINO the canary loaded and the OpenVINO packages installed: "OpenVINO: runtime 2025.1.0-000--, openvino-python 2025.1.0".
export function openvinoLine(verdicts: DeviceVerdict[], components: Component[]): string | null {
  const parts: string[] = [];
  const runtime = verdicts.map((v) => v.canary.runtime?.openvino_version ?? null).find((version) => version !== null);
  if (runtime) parts.push(`runtime ${runtime}`);
  const installed = componentVersions(components, ['openvino-node', 'openvino-python']);
  if (installed) parts.push(installed);
  return parts.length > 0 ? `OpenVINO: ${parts.join(', ')}` : null;
}

// "NPU driver: intel-npu-driver 1.16.0-1.fc44, NPU_DRIVER_VERSION 1747894263, compiler 7.21 (the default
// compiler's)" from packages and the runtime. NPU_COMPILER_VERSION is read from the core, so it is the version of the
// compiler the default configuration picks (RuntimeInfo.npu_compiler_version_of), not of a forced one.
export function npuDriverLine(npu: DeviceVerdict, components: Component[]): string | null {
  const parts: string[] = [];
  const packages = componentVersions(components, NPU_DRIVER_PACKAGES);
  if (packages) parts.push(packages);
  const runs = [npu.canary, ...(npu.compilers ?? [])];
  const property = (name: string) => runs.map((run) => run.runtime?.properties[name]).find((value) => value !== undefined);
  const driverVersion = property('NPU_DRIVER_VERSION');
  const compilerVersion = property('NPU_COMPILER_VERSION');
  if (driverVersion) parts.push(`NPU_DRIVER_VERSION ${driverVersion}`);
  if (compilerVersion) parts.push(`compiler ${compilerVersion} (the default compiler's)`);
  return parts.length > 0 ? `NPU driver: ${parts.join(', ')}` : null;
}

// Which package manager the inventory read its versions from.
export function packageManager(components: Component[]): PackageDatabase | null {
  if (components.some((c) => c.source === 'rpm')) return 'rpm';
  if (components.some((c) => c.source === 'dpkg')) return 'dpkg';
  return null;
}

// How to update the Level Zero stack on this host, e.g. the seed's `sudo dnf upgrade intel-npu-driver intel-level-zero oneapi-level-zero`.
export function levelZeroUpgrade(components: Component[]): string {
  const manager = packageManager(components);
  const installed = (source: PackageDatabase) =>
    LEVEL_ZERO_PACKAGES.filter((name) => components.some((c) => c.component === name && c.source === source));
  if (manager === 'rpm') {
    const packages = installed('rpm');
    return `\`sudo dnf upgrade ${(packages.length > 0 ? packages : SEED_DNF_PACKAGES).join(' ')}\``;
  }
  if (manager === 'dpkg') {
    const packages = installed('dpkg');
    const apt = packages.length > 0 ? `\`sudo apt update && sudo apt install --only-upgrade ${packages.join(' ')}\`` : '`sudo apt update && apt list --upgradable`';
    return `${apt} or Intel's newer packages from ${NPU_DRIVER_RELEASES} (NPU) and ${COMPUTE_RUNTIME_RELEASES} (GPU)`;
  }
  return `the NPU driver from ${NPU_DRIVER_RELEASES} and the GPU compute runtime from ${COMPUTE_RUNTIME_RELEASES}`;
}

// How to update just `packages` on this host (the ones of them installed; `fallback` when none is), with Intel's
// release page where there is no distribution package.
export function upgradeOf(components: Component[], packages: readonly string[], releases: string, fallback: readonly string[]): string {
  const manager = packageManager(components);
  const installed = packages.filter((name) => components.some((c) => c.component === name && c.source === manager));
  if (manager === 'rpm') return `\`sudo dnf upgrade ${(installed.length > 0 ? installed : fallback).join(' ')}\``;
  if (manager === 'dpkg' && installed.length > 0) return `\`sudo apt update && sudo apt install --only-upgrade ${installed.join(' ')}\` or Intel's newer packages from ${releases}`;
  return `Intel's packages from ${releases}`;
}

// Upgrading the NPU driver and its compiler: `sudo dnf upgrade intel-npu-driver` on the seed's Fedora.
export function npuDriverUpgrade(components: Component[]): string {
  return upgradeOf(components, NPU_DRIVER_PACKAGES, NPU_DRIVER_RELEASES, ['intel-npu-driver']);
}

// Upgrading the GPU compute runtime: `sudo dnf upgrade intel-level-zero intel-opencl` on Fedora.
export function gpuRuntimeUpgrade(components: Component[]): string {
  return upgradeOf(components, GPU_RUNTIME_PACKAGES, COMPUTE_RUNTIME_RELEASES, ['intel-level-zero', 'intel-opencl']);
}

// "GPU compute runtime: intel-level-zero 25.31.34666.3-1.fc43" (or that the inventory found none).
export function gpuRuntimeLine(components: Component[]): string {
  const versions = componentVersions(components, GPU_RUNTIME_PACKAGES);
  return `GPU compute runtime: ${versions ?? `no package found by the inventory (${GPU_RUNTIME_PACKAGES.slice(0, 3).join(', ')}, …)`}`;
}

// How to list the stack's pending updates, as the seed does on Fedora; null where there is no such one-liner.
export function pendingUpdates(components: Component[]): string | null {
  const manager = packageManager(components);
  if (manager === 'rpm') return `\`${DNF_CHECK_UPDATE}\``;
  if (manager === 'dpkg') return '`apt list --upgradable | grep -E "level-zero|libze|intel-npu|intel-driver-compiler"`';
  return null;
}

// How to see whether a newer OpenVINO exists, as the seed checks it.
export function openvinoOutdated(components: Component[]): string {
  const commands = ['`pip list --outdated | grep openvino`'];
  if (components.some((c) => c.component === 'openvino-node')) commands.push('`npm outdated openvino-node`');
  return commands.join(' and ');
}

// The property names in "WARNING: X property is not supported by this compiler version" lines.
export function unsupportedProperties(stderr: string): string[] {
  const names: string[] = [];
  for (const match of stderr.matchAll(/\b([A-Z][A-Z0-9_]*) property is not supported by this compiler version/g)) {
    if (!names.includes(match[1]!)) names.push(match[1]!);
  }
  return names;
}

// Seconds or tok/s for people: one decimal.
export function fixed(value: number): string {
  return value.toFixed(1);
}
