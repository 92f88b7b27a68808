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

// The release in a build number: "2025.1.0" of "2025.1.0-18503-3d17b6df0ba-releases/2025/1" or of the seed's
// "2025.1.0-000--". The build number is CI_BUILD_NUMBER (openvinotoolkit/openvino src/core/src/version.cpp,
// get_openvino_version: OV_VERSION_NUMBER = CI_BUILD_NUMBER), which starts with the release
// (src/core/include/openvino/core/version.hpp, OPENVINO_VERSION_MAJOR/MINOR/PATCH); anything else is kept whole.
export function openvinoRelease(buildNumber: string): string {
  return /^\d+\.\d+\.\d+/.exec(buildNumber)?.[0] ?? buildNumber;
}

// "OpenVINO 2025.2.0 (python3)", "OpenVINO (venv-2025.1, version unknown)": how events and the check matrix name it.
export function describeRuntimeRef(runtime: RuntimeRef): string {
  if (runtime.openvino_version === null) return `OpenVINO (${runtime.name}, version unknown)`;
  return `OpenVINO ${runtime.openvino_version} (${runtime.name})`;
}
