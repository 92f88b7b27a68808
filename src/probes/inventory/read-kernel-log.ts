import { describeCommandFailure } from '../../host/runner.js';
import type { ProbeContext } from '../types.js';
import { npuKernelLines } from './parse-kernel-log.js';
import { parseLoadedFirmware } from './parse-loaded-firmware.js';
import type { Component } from './types.js';

// This boot's kernel messages, bare (no timestamps or host names).
const JOURNALCTL_DMESG = ['--dmesg', '--boot=0', '--output=cat', '--no-pager', '--quiet'];

// What this boot's kernel log says about the NPU: the firmware ivpu loaded last (null: no load logged) and the
// NPU kernel lines (null: the journal could not be read).
export interface KernelLogFacts {
  loadedFirmware: Component | null;
  lines: string[] | null;
}

// Reads this boot's kernel messages from the journal once. Not being able to (no permission, no journalctl,
// no persistent journal) is not an error: both facts are then unknown.
export async function readKernelLog(ctx: ProbeContext): Promise<KernelLogFacts> {
  const result = await ctx.run('journalctl', JOURNALCTL_DMESG, { signal: ctx.signal });
  if (result.exitCode !== 0 || result.timedOut) {
    ctx.log.debug({ failure: describeCommandFailure(result) }, 'kernel log not readable');
    return { loadedFirmware: null, lines: null };
  }
  const loaded = parseLoadedFirmware(result.stdout);
  return {
    loadedFirmware: loaded === null ? null : { component: 'npu-firmware', version: loaded.version, source: 'kernel-log', detail: loaded.file },
    lines: npuKernelLines(result.stdout),
  };
}
