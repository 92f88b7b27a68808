// One installed distribution package, as inventory reports it.
export interface InstalledPackage {
  name: string;
  // rpm: [EPOCH:]VERSION-RELEASE; dpkg: the version verbatim.
  version: string;
  // rpm only, e.g. 'x86_64' or 'noarch'.
  arch?: string;
}

// The --queryformat that parseRpmQuery reads; rpm expands the \t and \n escapes itself.
export const RPM_QUERY_FORMAT = '%{NAME}\\t%{EPOCHNUM}\\t%{VERSION}\\t%{RELEASE}\\t%{ARCH}\\n';

// 32-bit multilib arches lose to the native one when a name is installed for both.
const SECONDARY_ARCHES = new Set(['i386', 'i486', 'i586', 'i686', 'athlon', 'armv7hl', 'armv7hnl', 'ppc', 's390']);

function multilibRank(pkg: InstalledPackage): string {
  return `${SECONDARY_ARCHES.has(pkg.arch ?? '') ? 1 : 0}\t${pkg.arch ?? ''}\t${pkg.version}`;
}

function parseRpmLine(line: string): InstalledPackage | null {
  const fields = line.split('\t');
  if (fields.length !== 5) return null;
  const [name, epoch, version, release, arch] = fields as [string, string, string, string, string];
  if (name === '' || !/^\d+$/.test(epoch) || version === '' || release === '' || arch === '') return null;
  const epochPrefix = Number(epoch) === 0 ? '' : `${epoch}:`;
  return { name, version: `${epochPrefix}${version}-${release}`, arch };
}

// Parses `rpm -q --queryformat RPM_QUERY_FORMAT names...` output into installed packages, one per name
// (native arch first when multilib installs a name twice); "package X is not installed" lines are skipped.
export function parseRpmQuery(stdout: string): InstalledPackage[] {
  const byName = new Map<string, InstalledPackage>();
  for (const rawLine of stdout.split('\n')) {
    const pkg = parseRpmLine(rawLine.replace(/\r$/, ''));
    if (pkg === null) continue;
    const kept = byName.get(pkg.name);
    if (kept === undefined || multilibRank(pkg) < multilibRank(kept)) byName.set(pkg.name, pkg);
  }
  return [...byName.values()];
}

// Counts rpm's "package X is not installed" lines (rpm exits with that count).
export function countRpmNotInstalled(stdout: string): number {
  return stdout.split('\n').filter((line) => /^package \S+ is not installed\r?$/.test(line)).length;
}
