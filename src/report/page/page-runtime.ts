import type { RuntimeRef } from '../../canary/runtime-ref.js';
import type { RuntimeInfo } from '../../canary/types.js';
import type { PageRuntime } from './page-model.js';

// The one place the page reads which OpenVINO a result came from: the configured runtime's name and the release it
// reported (RuntimeRef), and from the worker's own description whether it was npu-watch's fake (RuntimeInfo.fake).
export function pageRuntimeOf(ref: RuntimeRef | null | undefined, info: RuntimeInfo | null | undefined): PageRuntime | null {
  if (!ref) return null;
  return { name: ref.name, openvino_version: ref.openvino_version, fake: info?.fake ?? false };
}

// "openvino-node 2025.1.0", "fake runtime 2025.1.0 (test result)".
export function describeRuntime(runtime: PageRuntime | null): string {
  if (runtime === null) return 'no runtime loaded';
  const version = runtime.openvino_version ? ` ${runtime.openvino_version}` : '';
  return `${runtime.name}${version}${runtime.fake ? ' (test result, not a measurement)' : ''}`;
}
