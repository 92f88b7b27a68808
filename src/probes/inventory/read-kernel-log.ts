import { describeCommandFailure } from '../../host/runner.js';
import type { ProbeContext } from '../types.js';
import { parseLoadedFirmware } from './parse-loaded-firmware.js';
import type { Component } from './types.js';

// This boot's kernel messages, bare (no timestamps or host names).
const JOURNALCTL_DMESG = ['--dmesg', '--boot=0', '--output=cat', '--no-pager', '--quiet'];

// The most intel_vpu lines kept for the diagnosis (the latest), so a driver that logs in a loop stays bounded.
const MAX_NPU_KERNEL_LINES = 200;

// The NPU driver's lines: the kernel prefixes the PCI device's messages with the driver name, `intel_vpu`
// (torvalds/linux drivers/accel/ivpu/ivpu_drv.h: #define DRIVER_NAME "intel_vpu", the pci_driver's name dev_*()/drm_*() print), and
// `ivpu` names its module, its firmware and its own debug messages.
const NPU_KERNEL_LINE = /\b(?:intel_vpu|ivpu)\b/;

// This boot's kernel messages from the journal; null when the journal cannot be read (no permission, no
// journalctl, no persistent journal): that is not an error.
export async function readKernelLog(ctx: ProbeContext): Promise<string | null> {
  const result = await ctx.run('journalctl', JOURNALCTL_DMESG, { signal: ctx.signal });
  if (result.exitCode !== 0 || result.timedOut) {
    ctx.log.debug({ failure: describeCommandFailure(result) }, 'kernel log not readable');
    return null;
  }
  return result.stdout;
}

// The NPU driver's lines of this boot's kernel log, oldest first (pure); null when it was not readable.
export function npuKernelLines(text: string | null): string[] | null {
  if (text === null) return null;
  return text.split('\n').filter((line) => NPU_KERNEL_LINE.test(line)).slice(-MAX_NPU_KERNEL_LINES);
}

// The firmware ivpu loaded this boot, from the kernel log text (pure); null when there is none.
export function loadedFirmware(text: string | null): Component | null {
  if (text === null) return null;
  const loaded = parseLoadedFirmware(text);
  if (loaded === null) return null;
  return { component: 'npu-firmware', version: loaded.version, source: 'kernel-log', detail: loaded.file };
}
