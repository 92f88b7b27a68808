import { isPreRelease, sortNewestFirst, type OpenvinoKind as TryKind } from '../../probes/updates/openvino-releases.js';

// The parsers of the indexes' listings and of pip's and npm's errors live with the updates probe, which reads the
// same listings.
export {
  installFailureReason,
  isPreRelease,
  parseNpmViewVersions,
  parsePipIndexVersions,
  type OpenvinoKind as TryKind,
} from '../../probes/updates/openvino-releases.js';

// The versions of the openvino-node-VERSION.tgz files `npm pack` names in a directory, newest first (pure).
export function tarballVersions(names: string[]): string[] {
  return sortNewestFirst(names.flatMap((name) => /^openvino-node-(.+)\.tgz$/.exec(name)?.[1] ?? []));
}

// The newest `count` versions, pre-releases only when asked (pure; `offered` is newest first).
export function newestVersions(offered: string[], count: number, kind: TryKind, pre: boolean): string[] {
  return offered.filter((v) => pre || !isPreRelease(v, kind)).slice(0, count);
}
