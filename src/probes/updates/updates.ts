import { under } from '../../host/paths.js';
import { readTextOrNull } from '../../host/read.js';
import { describeFailure } from '../../host/runner.js';
import type { Probe, ProbeContext } from '../types.js';
import { WATCHED_PACKAGES } from '../watched-packages.js';
import { managersToTry, type PackageManager } from './choose-manager.js';
import { parseAptUpgradable, withoutAptCliWarning } from './parse-apt-upgradable.js';
import { findDnfMetadataFailure, parseDnfCheckUpdate } from './parse-dnf-check-update.js';
import type { UpdatesResult } from './types.js';

// dnf may refresh repository metadata over a slow network before it answers.
const CHECK_TIMEOUT_MS = 120_000;

// dnf check-update's exit codes: 100 = upgrades listed, 0 = none, 1 = error.
const DNF_UPGRADES_LISTED = 100;

// Which newer versions of the watched packages the system's package manager offers.
export const updatesProbe: Probe<UpdatesResult> = {
  name: 'updates',
  async run(ctx) {
    const osRelease = await readTextOrNull(under(ctx.paths.etc, 'os-release'));
    for (const manager of managersToTry(osRelease)) {
      const result = await CHECKS[manager](ctx);
      if (result !== null) return result;
    }
    ctx.log.debug('updates: no dnf or apt on this host');
    return { status: 'no_data', reason: 'no dnf or apt on this host' };
  },
};

// Each check returns null when its program is not installed.
const CHECKS: Record<PackageManager, (ctx: ProbeContext) => Promise<UpdatesResult | null>> = {
  dnf: checkDnf,
  apt: checkApt,
};

async function checkDnf(ctx: ProbeContext): Promise<UpdatesResult | null> {
  const result = await ctx.run('dnf', ['--quiet', 'check-update', ...WATCHED_PACKAGES], {
    timeoutMs: CHECK_TIMEOUT_MS,
    signal: ctx.signal,
  });
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
  throw new Error(describeFailure(result));
}

async function checkApt(ctx: ProbeContext): Promise<UpdatesResult | null> {
  const result = await ctx.run('apt', ['list', '--upgradable'], { timeoutMs: CHECK_TIMEOUT_MS, signal: ctx.signal });
  if (result.notFound) return null;
  if (result.timedOut || result.exitCode !== 0) {
    throw new Error(describeFailure({ ...result, stderr: withoutAptCliWarning(result.stderr) }));
  }
  return { status: 'ok', manager: 'apt', candidates: parseAptUpgradable(result.stdout) };
}
