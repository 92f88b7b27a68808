import path from 'node:path';
import type { RuntimeInfo } from '../../canary/types.js';
import type { PageRuntime } from './page-model.js';

// The one place the page reads which OpenVINO a result came from. Today a canary carries RuntimeInfo (the module
// the worker loaded and the OpenVINO version it reported); when results carry a named runtime
// ({ name, kind, openvino_version }), only this function changes.
export function pageRuntimeOf(runtime: RuntimeInfo | null | undefined): PageRuntime | null {
  if (!runtime) return null;
  return { name: runtime.fake ? 'fake runtime' : moduleName(runtime.module), openvino_version: runtime.openvino_version, fake: runtime.fake };
}

// "openvino-node" as configured; a path's file name only (a path may name the user's home).
function moduleName(module: string): string {
  return module.includes('/') ? path.basename(module) : module;
}

// "openvino-node 2025.1.0", "fake runtime 2025.1.0 (test result)".
export function describeRuntime(runtime: PageRuntime | null): string {
  if (runtime === null) return 'no runtime loaded';
  const version = runtime.openvino_version ? ` ${runtime.openvino_version}` : '';
  return `${runtime.name}${version}${runtime.fake ? ' (test result, not a measurement)' : ''}`;
}
