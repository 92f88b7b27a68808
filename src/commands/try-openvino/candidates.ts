import semver from 'semver';

export type TryKind = 'python' | 'node';

// What the index offers, newest first, from `python -m pip index versions openvino` (pure). pip prints
// "openvino (2025.2.0)" then "Available versions: 2025.2.0, 2025.1.0, …", newest first (pypa/pip,
// src/pip/_internal/commands/index.py, IndexCommand.get_available_package_versions: the versions sorted with
// reverse=True, written with write_output("Available versions: {}", ", ".join(formatted_versions))). null: no such line.
export function parsePipIndexVersions(stdout: string): string[] | null {
  const line = stdout.split('\n').find((l) => l.startsWith('Available versions:'));
  if (line === undefined) return null;
  return line
    .slice('Available versions:'.length)
    .split(',')
    .map((v) => v.trim())
    .filter((v) => v !== '');
}

// `npm view openvino-node versions --json`: a JSON array of versions, oldest first (a single version is printed as
// a bare JSON string), returned newest first (pure). null: not that shape.
export function parseNpmViewVersions(stdout: string): string[] | null {
  let parsed: unknown;
  try {
    parsed = JSON.parse(stdout);
  } catch {
    return null;
  }
  const list = typeof parsed === 'string' ? [parsed] : parsed;
  if (!Array.isArray(list) || !list.every((v) => typeof v === 'string')) return null;
  return sortNewestFirst(list as string[]);
}

// The versions of the openvino-node-VERSION.tgz files `npm pack` names in a directory, newest first (pure).
export function tarballVersions(names: string[]): string[] {
  return sortNewestFirst(names.flatMap((name) => /^openvino-node-(.+)\.tgz$/.exec(name)?.[1] ?? []));
}

// A pre-release: PEP 440's a/b/rc/dev segments (pip), semver's "-…" (npm).
export function isPreRelease(version: string, kind: TryKind): boolean {
  return kind === 'python' ? /(a|b|rc|c|dev|alpha|beta|pre|preview)\d*/i.test(version) : version.includes('-');
}

// The newest `count` versions, pre-releases only when asked (pure; `offered` is newest first).
export function newestVersions(offered: string[], count: number, kind: TryKind, pre: boolean): string[] {
  return offered.filter((v) => pre || !isPreRelease(v, kind)).slice(0, count);
}

function sortNewestFirst(versions: string[]): string[] {
  const valid = versions.filter((v) => semver.valid(v) !== null);
  return semver.rsort([...new Set(valid)]);
}

// pip's or npm's reason in a few lines: the last lines that say what went wrong, without npm's pointer to its log
// and pip's upgrade notices (pure). pip writes "ERROR: …" lines and "[notice] A new release of pip is available"
// (pypa/pip 23.0.1 as Debian ships it: src/pip/_internal/utils/logging.py prefixes ERROR:, self_outdated_check.py
// UpgradePrompt the notice). npm 10+ writes "npm error …" lines (npm/cli 11.19.1 lib/utils/display.js: the heading
// "npm", then the level; lib/utils/error-message.js the "enoent" summary and detail; lib/npm.js "A complete log of
// this run can be found in: …"); npm 9 and older "npm ERR! …" (npmlog: addLevel('error', 5000, …, 'ERR!')).
export function installFailureReason(stderr: string, stdout = ''): string {
  const lines = `${stdout}\n${stderr}`
    .split('\n')
    .map((l) => l.trim())
    // Dropped: npm's pointer to its log, its lines of a single word ("npm error enoent"), pip's notices.
    .filter((l) => l !== '' && !/A complete log of this run can be found in|^\[notice\]|^npm (error|ERR!)(\s+\S+)?\s*$/.test(l));
  const errors = lines.filter((l) => /^(ERROR:|npm (error|ERR!) )/.test(l));
  const chosen = (errors.length > 0 ? errors : lines).slice(-2);
  return chosen.join(' / ') || 'no output';
}
