// The firmware the ivpu driver reported loading: file relative to /lib/firmware, and its version string.
export interface LoadedFirmware {
  // PCI address, e.g. '0000:00:0b.0'.
  device: string;
  file: string;
  version: string;
}

// ivpu_fw_parse() logs `Firmware: %s, version: %s` through drm_info() on the PCI device, so the line reads
// `intel_vpu 0000:00:0b.0: [drm] Firmware: intel/vpu/vpu_37xx_v1.bin, version: 20250115*MTL_...`. dmesg adds a
// `[    9.749246] ` timestamp and journalctl's short output a `kernel: ` prefix, so the match is not anchored.
const IVPU_FIRMWARE_LINE = /\bintel_vpu (\S+): (?:\[drm\] )?Firmware: (\S+), version: (\S+)\s*$/;

// Finds the LAST ivpu "Firmware: …, version: …" line in kernel log text (the most recent driver load).
export function parseLoadedFirmware(text: string): LoadedFirmware | null {
  let found: LoadedFirmware | null = null;
  for (const line of text.split('\n')) {
    const match = IVPU_FIRMWARE_LINE.exec(line);
    if (match === null) continue;
    const [, device, file, version] = match as unknown as [string, string, string, string];
    found = { device, file, version };
  }
  return found;
}
