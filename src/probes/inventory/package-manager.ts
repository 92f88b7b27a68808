import { distroFamily } from '../distro/distro-family.js';

// The package databases inventory can query.
export type PackageManager = 'rpm' | 'dpkg';

// rpm for the Fedora/RHEL and SUSE families, dpkg for Debian/Ubuntu; null for anything else.
export function packageManagerForDistro(osRelease: Record<string, string>): PackageManager | null {
  const family = distroFamily(osRelease);
  if (family === 'fedora' || family === 'suse') return 'rpm';
  return family === 'debian' ? 'dpkg' : null;
}
