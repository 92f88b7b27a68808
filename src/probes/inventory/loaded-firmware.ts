import type { KernelLogLine } from '../kernel/kernel-event.js';
import type { Component } from './types.js';

// The NPU firmware the kernel loaded, from this boot's NPU kernel lines: the LAST firmware_loaded event
// (torvalds/linux drivers/accel/ivpu/ivpu_fw.c ivpu_fw_parse(): `ivpu_info(vdev, "Firmware: %s, version: %s\n",
// fw->name, fw->version)`, read by src/probes/kernel/parse-kernel-event.ts). One boot can load twice (from the
// initramfs, then from the root file system), and the later one is in use. null: no load logged. Pure.
export function loadedFirmwareOf(lines: KernelLogLine[]): Component | null {
  for (let i = lines.length - 1; i >= 0; i -= 1) {
    const event = lines[i]!.event;
    if (event?.kind === 'firmware_loaded' && event.file && event.version) return { component: 'npu-firmware', version: event.version, source: 'kernel-log', detail: event.file };
  }
  return null;
}
