import semver from 'semver';

// Which installer lists a runtime's OpenVINO: pip (`openvino` on the Python index) or npm (`openvino-node`).
export type OpenvinoKind = 'python' | 'node';

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

// A pre-release: PEP 440's a/b/rc/dev segments (pip), semver's "-…" (npm).
export function isPreRelease(version: string, kind: OpenvinoKind): boolean {
  return kind === 'python' ? /(a|b|rc|c|dev|alpha|beta|pre|preview)\d*/i.test(version) : version.includes('-');
}

// Valid semver versions, deduplicated, newest first (pure).
export function sortNewestFirst(versions: string[]): string[] {
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

// The error npm prints on stdout with --json: {"error": {"code", "summary", "detail"}} (npm/cli 11.19.1
// lib/utils/output-error.js jsonError, output under the "error" key by lib/utils/display.js); its summary, e.g.
// "FetchError: request to http://127.0.0.1:9/openvino-node failed, reason: connect ECONNREFUSED 127.0.0.1:9"
// (pure). null: no such error.
export function npmJsonErrorSummary(stdout: string): string | null {
  try {
    const parsed = JSON.parse(stdout) as { error?: { summary?: unknown; code?: unknown } } | null;
    const summary = parsed?.error?.summary;
    return typeof summary === 'string' && summary !== '' ? summary : null;
  } catch {
    return null;
  }
}

// The newest release a listing offers, pre-releases left out (an update check points at releases, as pip and npm
// themselves only install a pre-release when asked); null: the listing has none (pure; `offered` newest first).
export function newestRelease(offered: readonly string[], kind: OpenvinoKind): string | null {
  return offered.find((v) => !isPreRelease(v, kind)) ?? null;
}

// The update of a runtime's OpenVINO: the newest release when it is newer than the runtime's own version; null when
// the runtime's version is unknown (no canary has run it yet), or nothing newer is offered (pure).
export function openvinoUpdate(current: string | null, newest: string | null): string | null {
  if (current === null || newest === null) return null;
  return compareReleases(newest, current) > 0 ? newest : null;
}

// Compares the release numbers both pip (PEP 440's release segment) and npm (semver) versions start with,
// "2025.2.0" < "2025.10.0" (pure); what follows the numbers (a local build tag, ".post1") is not compared.
export function compareReleases(a: string, b: string): number {
  const numbers = (v: string) => (/^\d+(?:\.\d+)*/.exec(v)?.[0] ?? '').split('.').filter(Boolean).map(Number);
  const [x, y] = [numbers(a), numbers(b)];
  for (let i = 0; i < Math.max(x.length, y.length); i++) {
    const diff = (x[i] ?? 0) - (y[i] ?? 0);
    if (diff !== 0) return Math.sign(diff);
  }
  return 0;
}
