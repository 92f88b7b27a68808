import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseFirmwareVersion } from '../../../src/probes/inventory/parse-firmware-version.js';
import { FIXTURE_HOSTS_DIR } from '../../helpers/probe-context.js';
import { firmwareImage } from './firmware-image.js';

const MTL = '20241025*MTL_CLIENT_SILICON-release*1830*ci_tag_ud202444_vpu_rc_20241025_1830*ae072b315bc';

describe('parseFirmwareVersion', () => {
  it('reads the committed Meteor Lake image', () => {
    const file = path.join(FIXTURE_HOSTS_DIR, 'ubuntu2404-meteorlake/lib/firmware/updates/intel/vpu/vpu_37xx_v0.0.bin');
    expect(parseFirmwareVersion(readFileSync(file))).toBe(MTL);
  });

  it('reads the committed Lunar Lake image once xz has decompressed it', () => {
    const file = path.join(FIXTURE_HOSTS_DIR, 'fedora43-lunarlake/lib/firmware/intel/vpu/vpu_40xx_v0.0.bin.xz');
    // NPU40xx versions start with a date that has spaces in it (intel/linux-npu-driver#113).
    expect(parseFirmwareVersion(execFileSync('xz', ['-dc', file]))).toBe(
      'Mar  6 2025*NPU40xx*ci_tag_ud202512_vpu_rc_20250306_1130*5064b5debc377e1c4b74f69dc14e2e536dba393d',
    );
  });

  it('needs only the first 4096 + 256 bytes', () => {
    expect(parseFirmwareVersion(firmwareImage(MTL).subarray(0, 4096 + 256))).toBe(MTL);
  });

  it('accepts a version of 255 characters, the most the kernel keeps', () => {
    const longest = 'v'.repeat(255);
    expect(parseFirmwareVersion(firmwareImage(longest))).toBe(longest);
  });

  it('rejects a string with no NUL within 256 bytes', () => {
    expect(parseFirmwareVersion(firmwareImage('v'.repeat(256)))).toBeNull();
    expect(parseFirmwareVersion(firmwareImage('v'.repeat(300)))).toBeNull();
  });

  it('rejects an image truncated before the version ends, or before it starts', () => {
    expect(parseFirmwareVersion(firmwareImage(MTL).subarray(0, 4096 + 20))).toBeNull();
    expect(parseFirmwareVersion(firmwareImage(MTL).subarray(0, 4000))).toBeNull();
    expect(parseFirmwareVersion(Buffer.alloc(0))).toBeNull();
  });

  it('rejects an empty version and non-printable bytes', () => {
    expect(parseFirmwareVersion(firmwareImage(''))).toBeNull();
    expect(parseFirmwareVersion(firmwareImage('   '))).toBeNull();
    expect(parseFirmwareVersion(firmwareImage('2025\x01\x02binary'))).toBeNull();
    expect(parseFirmwareVersion(firmwareImage('2025\xe9'))).toBeNull();
  });

  it('rejects random data without a header', () => {
    const noise = Buffer.alloc(8192, 0xa5);
    expect(parseFirmwareVersion(noise)).toBeNull();
  });
});
