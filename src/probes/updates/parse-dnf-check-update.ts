import { WATCHED_PACKAGES } from '../watched-packages.js';
import type { UpdateCandidate } from './types.js';

// RPM architectures a `<name>.<arch>` row can end with; anything else is not a package row.
const RPM_ARCHES = new Set([
  'noarch',
  'x86_64',
  'x86_64_v2',
  'x86_64_v3',
  'x86_64_v4',
  'i386',
  'i486',
  'i586',
  'i686',
  'athlon',
  'aarch64',
  'armv7hl',
  'armv7hnl',
  'armv7l',
  'ppc64',
  'ppc64le',
  's390x',
  'riscv64',
  'loongarch64',
]);

// `[epoch:]version-release`, e.g. 1.17.0-1.fc43 or 2:1.0-1.fc43.
const EVR = /^(?:\d+:)?[^\s:-]+-[^\s-]+$/;

// The candidates `dnf check-update` (dnf4) or `dnf check-upgrade` (dnf5) lists for the watched packages.
export function parseDnfCheckUpdate(stdout: string, watched: readonly string[] = WATCHED_PACKAGES): UpdateCandidate[] {
  const wanted = new Set(watched);
  const newest = new Map<string, UpdateCandidate>();
  const lines = stdout.split(/\r?\n/);
  let inObsoletes = false;
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i] ?? '';
    const heading = line.trim().toLowerCase();
    // dnf4 "Obsoleting Packages", dnf5 "Obsoleting packages": rows there repeat upgrades and list removals.
    if (heading === 'obsoleting packages') inObsoletes = true;
    else if (heading === 'upgrades') inObsoletes = false;
    if (inObsoletes || /^\s/.test(line)) continue;
    const fields = tokens(line);
    const nameArch = splitNameArch(fields[0] ?? '');
    if (!nameArch) continue;
    // dnf4 moves the columns after an over-wide one onto the next, indented line.
    while (fields.length < 3 && /^\s+\S/.test(lines[i + 1] ?? '')) fields.push(...tokens(lines[++i] ?? ''));
    const [, version, repository] = fields;
    if (fields.length !== 3 || !version || !repository || !EVR.test(version)) continue;
    if (!wanted.has(nameArch.name)) continue;
    // dnf5 may list several candidates for one package, oldest first: the last one listed wins.
    newest.set(nameArch.name, { package: nameArch.name, version, repository });
  }
  return [...newest.values()];
}

// Patterns of dnf4/dnf5 errors that mean the repository metadata could not be fetched (offline, DNS, mirrors).
const METADATA_FAILURE = [
  /Failed to download metadata/i,
  /Cannot download repomd\.xml/i,
  /Cannot prepare internal mirrorlist/i,
  /Failed to synchroni[sz]e cache/i,
  /Curl error \(\d+\)/i,
  /Could(?:n't| not) resolve host/i,
];

// One line naming why dnf could not fetch repository metadata, or null when the error is something else.
export function findDnfMetadataFailure(output: string): string | null {
  const lines = output.split(/\r?\n/).map((line) => line.trim());
  const failing = lines.find((line) => METADATA_FAILURE.some((pattern) => pattern.test(line)));
  if (failing === undefined) return null;
  const repo = /for repo(?:sitory)? ["']([^"']+)["']/.exec(output)?.[1];
  const where = repo ? ` for repository "${repo}"` : '';
  return `dnf could not download repository metadata${where} (offline or mirrors unreachable): ${failureCause(output) ?? failing}`;
}

// The most telling part of a metadata failure: the curl error with its detail, or librepo's own message.
function failureCause(output: string): string | null {
  const curl = /Curl error \((\d+)\):? ([^[\r\n]*?)(?: for \S+)?(?: \[([^\]\r\n]+)\])?\s*$/m.exec(output);
  if (curl) return `Curl error (${curl[1]}): ${curl[3] ?? curl[2]}`;
  const librepo = /(Cannot download repomd\.xml[^\r\n]*)/.exec(output);
  return librepo?.[1]?.trim() ?? null;
}

function tokens(line: string): string[] {
  return line.trim().split(/\s+/).filter(Boolean);
}

// `intel-npu-driver.x86_64` → name and arch, split on the last dot; null unless the arch is a known one.
function splitNameArch(token: string): { name: string; arch: string } | null {
  const dot = token.lastIndexOf('.');
  if (dot <= 0) return null;
  const arch = token.slice(dot + 1);
  return RPM_ARCHES.has(arch) ? { name: token.slice(0, dot), arch } : null;
}
