import type { InstalledPackage } from './parse-rpm-query.js';

// The -f format that parseDpkgQuery reads; dpkg-query expands the \t and \n escapes itself.
export const DPKG_QUERY_FORMAT = '${Package}\\t${Version}\\t${db:Status-Abbrev}\\n';

// db:Status-Abbrev is three characters: desired action, package status, error flag ("ii ", "rc ", "hi ").
// The second one is the package's state; only 'i' (installed) means the files are on disk and configured.
// The desired action does not matter: a held package ("hi") is installed, one in "rc" (removed, config
// files left) or "iU" (unpacked, not configured) is not.
function isInstalled(statusAbbrev: string): boolean {
  return statusAbbrev[1] === 'i';
}

// Parses `dpkg-query -W -f DPKG_QUERY_FORMAT names...` output into the installed packages, one per name.
export function parseDpkgQuery(stdout: string): InstalledPackage[] {
  const byName = new Map<string, InstalledPackage>();
  for (const rawLine of stdout.split('\n')) {
    const fields = rawLine.replace(/\r$/, '').split('\t');
    if (fields.length !== 3) continue;
    const [name, version, status] = fields as [string, string, string];
    if (name === '' || version === '' || !isInstalled(status)) continue;
    // Multi-Arch: same packages installed for two arches print the same name and (by dpkg's rules) version.
    const kept = byName.get(name);
    if (kept === undefined || version < kept.version) byName.set(name, { name, version });
  }
  return [...byName.values()];
}
