import { distroFamily } from '../distro/distro-family.js';

export type PackageManager = 'dnf' | 'apt';

// Which package managers to try, in order, given os-release (null when the host has none).
export function managersToTry(osRelease: Record<string, string> | null): PackageManager[] {
  const family = osRelease === null ? null : distroFamily(osRelease);
  if (family === 'fedora') return ['dnf'];
  if (family === 'debian') return ['apt'];
  return ['dnf', 'apt'];
}
