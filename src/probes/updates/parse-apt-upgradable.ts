import { WATCHED_PACKAGES } from '../watched-packages.js';
import type { UpdateCandidate } from './types.js';

// `name/suite[,suite...] version arch [upgradable from: old-version]`
const UPGRADABLE_ROW = /^(\S+?)\/(\S+)\s+(\S+)\s+\S+\s+\[upgradable from: [^\]]+\]\s*$/;

// The candidates `apt list --upgradable` lists for the watched packages (it reads the local package cache only).
export function parseAptUpgradable(stdout: string, watched: readonly string[] = WATCHED_PACKAGES): UpdateCandidate[] {
  const wanted = new Set(watched);
  const candidates = new Map<string, UpdateCandidate>();
  for (const line of stdout.split(/\r?\n/)) {
    const match = UPGRADABLE_ROW.exec(line.trim());
    if (!match) continue;
    const [, name = '', suites = '', version = ''] = match;
    if (!wanted.has(name) || candidates.has(name)) continue;
    candidates.set(name, { package: name, version, repository: suites.split(',')[0] || null });
  }
  return [...candidates.values()];
}

// apt's stderr without its "no stable CLI interface" warning, so the real error line comes first.
export function withoutAptCliWarning(stderr: string): string {
  return stderr
    .split(/\r?\n/)
    .filter((line) => !/^WARNING: apt does not have a stable CLI interface/.test(line.trim()))
    .join('\n')
    .trim();
}
