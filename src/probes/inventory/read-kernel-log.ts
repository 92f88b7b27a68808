import { describeCommandFailure } from '../../host/runner.js';
import type { ProbeContext } from '../types.js';
import { parseLoadedFirmware } from './parse-loaded-firmware.js';
import type { Component } from './types.js';

// This boot's kernel messages, bare (no timestamps or host names).
const JOURNALCTL_DMESG = ['--dmesg', '--boot=0', '--output=cat', '--no-pager', '--quiet'];

// Reads the firmware ivpu loaded this boot from the journal's kernel messages; null when there is none or
// the journal cannot be read (no permission, no journalctl, no persistent journal): that is not an error.
export async function readLoadedFirmware(ctx: ProbeContext): Promise<Component | null> {
  const result = await ctx.run('journalctl', JOURNALCTL_DMESG, { signal: ctx.signal });
  if (result.exitCode !== 0 || result.timedOut) {
    ctx.log.debug({ failure: describeCommandFailure(result) }, 'kernel log not readable');
    return null;
  }
  const loaded = parseLoadedFirmware(result.stdout);
  if (loaded === null) return null;
  return { component: 'npu-firmware', version: loaded.version, source: 'kernel-log', detail: loaded.file };
}
