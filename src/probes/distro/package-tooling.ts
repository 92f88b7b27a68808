import { distroFamily, type DistroFamily } from './distro-family.js';

// The package databases the inventory queries for installed versions.
export type PackageDatabase = 'rpm' | 'dpkg';
// The package managers the update check asks for newer versions.
export type UpdateManager = 'dnf' | 'apt';

// A distribution's package tooling: the database that knows what is installed, and the manager that offers
// updates (null: none npu-watch speaks, so the update check tries each it knows).
export interface PackageTooling {
  database: PackageDatabase;
  updates: UpdateManager | null;
}

// Each family's tooling, written once for the inventory and the update check.
export const PACKAGE_TOOLING: Record<DistroFamily, PackageTooling> = {
  fedora: { database: 'rpm', updates: 'dnf' },
  // SUSE's manager is zypper, which npu-watch does not speak.
  suse: { database: 'rpm', updates: null },
  debian: { database: 'dpkg', updates: 'apt' },
};

// Every database, in the order they are tried on an unknown distribution.
export const PACKAGE_DATABASES: readonly PackageDatabase[] = ['rpm', 'dpkg'];
// Every update manager, in the order they are tried when the family's is unknown.
export const UPDATE_MANAGERS: readonly UpdateManager[] = ['dnf', 'apt'];

// The package databases to query, in order, given os-release (every one for an unknown distribution).
export function databasesToTry(osRelease: Record<string, string> | null): PackageDatabase[] {
  const tooling = toolingOf(osRelease);
  return tooling ? [tooling.database] : [...PACKAGE_DATABASES];
}

// The package managers to ask for updates, in order, given os-release (every one when the family's is unknown).
export function managersToTry(osRelease: Record<string, string> | null): UpdateManager[] {
  const updates = toolingOf(osRelease)?.updates ?? null;
  return updates ? [updates] : [...UPDATE_MANAGERS];
}

function toolingOf(osRelease: Record<string, string> | null): PackageTooling | null {
  const family = osRelease === null ? null : distroFamily(osRelease);
  return family === null ? null : PACKAGE_TOOLING[family];
}
