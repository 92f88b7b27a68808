import type { UpdateManager } from '../distro/package-tooling.js';

// A newer version of a watched package that the package manager offers.
export interface UpdateCandidate {
  package: string;
  version: string;
  repository: string | null;
}

// "no_data" (no package manager, no network, no cache) is data, not a probe failure.
export type UpdatesResult =
  | { status: 'ok'; manager: UpdateManager; candidates: UpdateCandidate[] }
  | { status: 'no_data'; reason: string };
