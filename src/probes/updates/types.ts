import type { UpdateManager } from '../distro/package-tooling.js';

// A newer version of a watched package that the package manager offers.
export interface UpdateCandidate {
  package: string;
  version: string;
  repository: string | null;
}

// A configured runtime as the updates probe sees it (canary/runtimes.ts Runtime satisfies it): whose OpenVINO to
// look up, and with which installer.
export type RuntimeToUpdate = { name: string; kind: 'node' } | { name: string; kind: 'python'; interpreter: string };

// The newest OpenVINO release a runtime's own installer offers (pip's index for python, npm's registry for node).
// Whether it is an update depends on the runtime's current version, which only its canary knows
// (openvino-releases.ts openvinoUpdate).
export interface OpenvinoRelease {
  runtime: string;
  kind: RuntimeToUpdate['kind'];
  newest: string;
}

// "no_data" (no package manager, no network, no cache) is data, not a probe failure. `openvino`: one entry per
// runtime whose index answered with a release (a runtime whose index could not be reached is left out), in both
// cases: the runtimes' indexes do not depend on the package manager.
export type UpdatesResult =
  | { status: 'ok'; manager: UpdateManager; candidates: UpdateCandidate[]; openvino: OpenvinoRelease[] }
  | { status: 'no_data'; reason: string; openvino: OpenvinoRelease[] };
