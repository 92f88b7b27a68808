// The firmware the ivpu driver reported loading: file relative to /lib/firmware, and its version string.
export interface LoadedFirmware {
  // PCI address, e.g. '0000:00:0b.0'.
  device: string;
  file: string;
  version: string;
}

// torvalds/linux drivers/accel/ivpu/ivpu_fw.c, ivpu_fw_parse(): `ivpu_info(vdev, "Firmware: %s, version: %s\n",
// fw->name, fw->version)`, where ivpu_info() is drm_info() on the PCI device (ivpu_drv.h), so the line reads
// `intel_vpu 0000:00:0b.0: [drm] Firmware: intel/vpu/vpu_40xx_v0.0.bin, version: Mar  6 2025*NPU40xx*…`. Every
// version of ivpu_fw.c read for this has the same wording (older ones print the header's string directly and
// without the "\n"); the name is the fw_names[] entry or the `firmware=` module parameter that was loaded.
// The version is the rest of the line: NPU40xx and later firmware starts it with a `__DATE__`-style date that
// has spaces ("Mar  6 2025", intel/linux-npu-driver#113). dmesg adds a `[    9.749246] ` timestamp and
// journalctl's short output `host kernel: `, so the match is not anchored at the start.
const IVPU_FIRMWARE_LINE = /\bintel_vpu (\S+): (?:\[drm\] )?Firmware: (\S+), version: (.*)$/;

// Shown when the line carries no version (ivpu warns "Missing firmware version" and prints an empty one).
const NO_VERSION = 'unknown';

// Finds the LAST ivpu "Firmware: …, version: …" line in kernel log text: the most recent driver load. One boot
// can load twice (from the initramfs, then again from the root file system), and the later one is in use.
export function parseLoadedFirmware(text: string): LoadedFirmware | null {
  let found: LoadedFirmware | null = null;
  for (const line of text.split('\n')) {
    const match = IVPU_FIRMWARE_LINE.exec(line.trimEnd());
    if (match === null) continue;
    const [, device, file, version] = match as unknown as [string, string, string, string];
    found = { device, file, version: version.trim() === '' ? NO_VERSION : version.trim() };
  }
  return found;
}
