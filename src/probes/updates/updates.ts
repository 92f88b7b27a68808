import { describeCommandFailure } from '../../host/runner.js';
import { readOsRelease } from '../distro/read-os-release.js';
import type { Probe, ProbeContext } from '../types.js';
import { WATCHED_PACKAGES } from '../watched-packages.js';
import { managersToTry, type UpdateManager } from '../distro/package-tooling.js';
import { parseAptUpgradable, withoutAptCliWarning } from './parse-apt-upgradable.js';
import { findDnfMetadataFailure, parseDnfCheckUpdate } from './parse-dnf-check-update.js';
import { readOpenvinoReleases } from './read-openvino-releases.js';
import type { RuntimeToUpdate, UpdatesResult } from './types.js';

// dnf check-update's exit codes: 100 = upgrades listed, 0 = none, 1 = error.
const DNF_UPGRADES_LISTED = 100;

// Which newer versions of the watched packages the system's package manager offers, and the newest OpenVINO
// release each runtime's own installer offers (pip, npm). Both are asked at once, so that the probe takes as long
// as the slower of them (each command within [commands] timeout_seconds).
export function createUpdatesProbe(runtimes: readonly RuntimeToUpdate[] = []): Probe<UpdatesResult> {
  return {
    name: 'updates',
    async run(ctx) {
      const [packages, openvino] = await Promise.all([checkPackages(ctx), readOpenvinoReleases(runtimes, ctx)]);
      return { ...packages, openvino };
    },
  };
}

type PackageUpdates = DistributiveOmit<UpdatesResult, 'openvino'>;
type DistributiveOmit<T, K extends PropertyKey> = T extends unknown ? Omit<T, K> : never;

async function checkPackages(ctx: ProbeContext): Promise<PackageUpdates> {
  for (const manager of managersToTry(await readOsRelease(ctx))) {
    const result = await CHECKS[manager](ctx);
    if (result !== null) return result;
  }
  ctx.log.debug('updates: no dnf or apt on this host');
  return { status: 'no_data', reason: 'no dnf or apt on this host' };
}

// Each check returns null when its program is not installed.
const CHECKS: Record<UpdateManager, (ctx: ProbeContext) => Promise<PackageUpdates | null>> = {
  dnf: checkDnf,
  apt: checkApt,
};

async function checkDnf(ctx: ProbeContext): Promise<PackageUpdates | null> {
  // May refresh repository metadata first; [commands] timeout_seconds bounds it.
  const result = await ctx.run('dnf', ['--quiet', 'check-update', ...WATCHED_PACKAGES]);
  if (result.notFound) return null;
  if (!result.timedOut && (result.exitCode === 0 || result.exitCode === DNF_UPGRADES_LISTED)) {
    return { status: 'ok', manager: 'dnf', candidates: parseDnfCheckUpdate(result.stdout) };
  }
  if (!result.timedOut && result.exitCode === 1) {
    const reason = findDnfMetadataFailure(`${result.stderr}\n${result.stdout}`);
    if (reason !== null) {
      ctx.log.debug({ reason }, 'updates: no repository metadata');
      return { status: 'no_data', reason };
    }
  }
  throw new Error(describeCommandFailure(result));
}

async function checkApt(ctx: ProbeContext): Promise<PackageUpdates | null> {
  const result = await ctx.run('apt', ['list', '--upgradable']);
  if (result.notFound) return null;
  if (result.timedOut || result.exitCode !== 0) {
    throw new Error(describeCommandFailure({ ...result, stderr: withoutAptCliWarning(result.stderr) }));
  }
  return { status: 'ok', manager: 'apt', candidates: parseAptUpgradable(result.stdout) };
}
