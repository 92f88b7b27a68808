// Builds stand-in VPU firmware images the way test/fixtures/make-firmware.mjs does: a 4096-byte header
// starting with header_version 1, then the version string, a NUL, and zero padding up to `size` bytes.
export function firmwareImage(version: string, size = 8192): Buffer {
  const image = Buffer.alloc(Math.max(size, 4096 + version.length + 1));
  image.writeUInt32LE(1, 0);
  image.write(version, 4096, 'latin1');
  return image;
}
