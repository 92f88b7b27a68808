import { describeCommandFailure, type CommandResult } from '../../host/runner.js';
import type { ProbeContext } from '../types.js';
import { WATCHED_PACKAGES } from '../watched-packages.js';
import { DPKG_QUERY_FORMAT, parseDpkgQuery } from './parse-dpkg-query.js';
import { countRpmNotInstalled, parseRpmQuery, RPM_QUERY_FORMAT } from './parse-rpm-query.js';
import type { PackageDatabase } from '../distro/package-tooling.js';
import type { Component } from './types.js';

// The watched packages one package database reported installed; manager null when none could be asked.
export interface InstalledPackages {
  packageManager: PackageDatabase | null;
  components: Component[];
}

// Whether a query's output means "answered" (missing packages included) rather than "broken".
function isFailedQuery(result: CommandResult, recognizedLines: number): boolean {
  if (result.timedOut || result.signal !== null) return true;
  if (result.exitCode === 0) return false;
  return recognizedLines === 0;
}

function countLines(text: string, matches: (line: string) => boolean): number {
  return text.split('\n').filter(matches).length;
}

async function queryRpm(ctx: ProbeContext): Promise<Component[] | null> {
  const args = ['-q', '--queryformat', RPM_QUERY_FORMAT, ...WATCHED_PACKAGES];
  const result = await ctx.run('rpm', args, { signal: ctx.signal });
  if (result.notFound) return null;
  const packages = parseRpmQuery(result.stdout);
  // rpm exits with the number of names that are not installed: that is an answer, not an error.
  const answers = packages.length + countRpmNotInstalled(result.stdout);
  if (isFailedQuery(result, answers)) throw new Error(describeCommandFailure(result));
  return packages.map((pkg) => ({
    component: pkg.name,
    version: pkg.version,
    source: 'rpm' as const,
    detail: `${pkg.name}-${pkg.version}.${pkg.arch ?? 'noarch'}`,
  }));
}

async function queryDpkg(ctx: ProbeContext): Promise<Component[] | null> {
  const args = ['-W', '-f', DPKG_QUERY_FORMAT, ...WATCHED_PACKAGES];
  const result = await ctx.run('dpkg-query', args, { signal: ctx.signal });
  if (result.notFound) return null;
  const packages = parseDpkgQuery(result.stdout);
  // dpkg-query exits 1 after "dpkg-query: no packages found matching X" on stderr: an answer, not an error.
  const answers =
    countLines(result.stdout, (line) => line.includes('\t')) +
    countLines(result.stderr, (line) => line.includes('no packages found matching'));
  if (isFailedQuery(result, answers)) throw new Error(describeCommandFailure(result));
  return packages.map((pkg) => ({ component: pkg.name, version: pkg.version, source: 'dpkg' as const }));
}

// Each query returns null when its program is not installed.
const QUERIES: Record<PackageDatabase, (ctx: ProbeContext) => Promise<Component[] | null>> = {
  rpm: queryRpm,
  dpkg: queryDpkg,
};

// Asks the package databases in turn (the distribution's, or for an unknown distribution each, whichever exists)
// which WATCHED_PACKAGES are installed. A missing package manager is "no data"; a broken one throws.
export async function readInstalledPackages(ctx: ProbeContext, databases: readonly PackageDatabase[]): Promise<InstalledPackages> {
  for (const manager of databases) {
    const components = await QUERIES[manager](ctx);
    if (components !== null) return { packageManager: manager, components };
    ctx.log.debug({ manager }, `${manager} is not installed on this host`);
  }
  return { packageManager: null, components: [] };
}
