// The package databases inventory can query.
export type PackageManager = 'rpm' | 'dpkg';

const RPM_FAMILY = new Set(['fedora', 'rhel', 'centos', 'suse', 'opensuse']);
const DPKG_FAMILY = new Set(['debian', 'ubuntu']);

// Picks the package database from os-release's ID and ID_LIKE (a space-separated list); null when the
// distribution is neither in the Fedora/RHEL nor in the Debian/Ubuntu family.
export function packageManagerForDistro(osRelease: Record<string, string>): PackageManager | null {
  const ids = [osRelease.ID ?? '', ...(osRelease.ID_LIKE ?? '').split(/\s+/)].map((id) => id.toLowerCase());
  if (ids.some((id) => RPM_FAMILY.has(id))) return 'rpm';
  if (ids.some((id) => DPKG_FAMILY.has(id))) return 'dpkg';
  return null;
}
