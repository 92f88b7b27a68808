// Where ivpu finds the version string in a VPU firmware image: right after the 4 KiB vpu_firmware_header
// (VPU_FW_HEADER_SIZE). The kernel prints `(const char *)fw_hdr + VPU_FW_HEADER_SIZE` and, since 6.11,
// copies at most FW_VERSION_STR_SIZE (256) bytes of it (drivers/accel/ivpu/ivpu_fw.c, ivpu_fw_parse()).
export const VPU_FW_HEADER_SIZE = 4096;
export const FW_VERSION_STR_SIZE = 256;

// How many leading bytes of a firmware file parseFirmwareVersion needs.
export const FIRMWARE_VERSION_BYTES = VPU_FW_HEADER_SIZE + FW_VERSION_STR_SIZE;

const PRINTABLE_ASCII = /^[\x20-\x7e]+$/;

// Reads the version string from the start of a VPU firmware image: the NUL-terminated printable text at
// byte 4096; null when the data is too short, empty there, not text, or has no NUL within 256 bytes.
export function parseFirmwareVersion(buf: Buffer): string | null {
  const region = buf.subarray(VPU_FW_HEADER_SIZE, FIRMWARE_VERSION_BYTES);
  const end = region.indexOf(0);
  if (end <= 0) return null;
  const text = region.subarray(0, end).toString('latin1');
  if (!PRINTABLE_ASCII.test(text)) return null;
  const version = text.trim();
  return version === '' ? null : version;
}
