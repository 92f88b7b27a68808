// The distribution families npu-watch knows how to query.
export type DistroFamily = 'fedora' | 'suse' | 'debian';

const FAMILY_BY_ID: Record<string, DistroFamily> = {
  fedora: 'fedora',
  rhel: 'fedora',
  centos: 'fedora',
  suse: 'suse',
  opensuse: 'suse',
  debian: 'debian',
  ubuntu: 'debian',
};

// The family from os-release's ID, then its ID_LIKE entries in order (whole words, any case); null if none.
export function distroFamily(osRelease: Record<string, string>): DistroFamily | null {
  const ids = [osRelease.ID ?? '', ...(osRelease.ID_LIKE ?? '').split(/\s+/)].map((id) => id.toLowerCase());
  for (const id of ids) {
    const family = FAMILY_BY_ID[id];
    if (family) return family;
  }
  return null;
}
