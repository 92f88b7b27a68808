import { z } from 'zod';
import { RUNTIME_KINDS } from '../config/schema.js';

// Which runtime a canary or benchmark result came from: the configured name and kind, and the OpenVINO version
// it reported (null when the runtime never got as far as saying it: missing, or crashed while loading). One shape
// for check --json, /status, the status store, events and metrics.
export const runtimeRefSchema = z.object({
  name: z.string(),
  kind: z.enum(RUNTIME_KINDS),
  openvino_version: z.string().nullable(),
});
export type RuntimeRef = z.output<typeof runtimeRefSchema>;

// "OpenVINO 2025.2.0 (python3)", "OpenVINO (venv-2025.1, version unknown)": how events and the check matrix name it.
export function describeRuntimeRef(runtime: RuntimeRef): string {
  if (runtime.openvino_version === null) return `OpenVINO (${runtime.name}, version unknown)`;
  return `OpenVINO ${runtime.openvino_version} (${runtime.name})`;
}
