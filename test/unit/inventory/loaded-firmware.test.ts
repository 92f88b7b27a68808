import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { loadedFirmwareOf } from '../../../src/probes/inventory/loaded-firmware.js';
import { npuKernelLog } from '../../../src/probes/kernel/npu-kernel-line.js';
import { fixtureOutputPath } from '../../helpers/probe-context.js';

// Kernel log text read as the inventory reads it: record by record, the NPU lines kept, then the last load found.
function loadedFrom(text: string) {
  const loaded = loadedFirmwareOf(npuKernelLog(text.split('\n').map((message, at) => ({ message, at }))));
  return loaded && { file: loaded.detail, version: loaded.version };
}

function kernelLog(host: string): string {
  return readFileSync(fixtureOutputPath(host, 'journalctl-dmesg.txt'), 'utf8');
}

// Real kernel logs posted in public threads (each file names its source).
function postedLog(name: string): string {
  return readFileSync(new URL(`../../fixtures/kernel-logs/${name}`, import.meta.url), 'utf8');
}

const MTL_2025 = '20250115*MTL_CLIENT_SILICON-release*1905*ci_tag_ud202504_vpu_rc_20250115_1905*ae83b65d01c';

describe('loadedFirmwareOf', () => {
  it('finds the Lunar Lake firmware in the Fedora journal (#113’s lines) and not the xe GPU firmware lines', () => {
    expect(loadedFrom(kernelLog('fedora43-lunarlake'))).toEqual({
      file: 'intel/vpu/vpu_40xx_v0.0.bin',
      version: 'Mar  6 2025*NPU40xx*ci_tag_ud202512_vpu_rc_20250306_1130*5064b5debc377e1c4b74f69dc14e2e536dba393d',
    });
  });

  it('finds the Meteor Lake firmware in the Ubuntu journal', () => {
    expect(loadedFrom(kernelLog('ubuntu2404-meteorlake'))).toMatchObject({
      file: 'intel/vpu/vpu_37xx_v0.0.bin',
      version: '20241025*MTL_CLIENT_SILICON-release*1830*ci_tag_ud202444_vpu_rc_20241025_1830*ae072b315bc',
    });
  });

  it('reads a Lunar Lake version with spaces in it, and keeps the last of two loads in one boot (linux-npu-driver#113)', () => {
    expect(loadedFrom(postedLog('lunar-lake-reloaded.dmesg.txt'))).toEqual({
      file: 'intel/vpu/vpu_40xx_v0.0.bin',
      version: 'Mar  6 2025*NPU40xx*ci_tag_ud202512_vpu_rc_20250306_1130*5064b5debc377e1c4b74f69dc14e2e536dba393d',
    });
  });

  it('reads the load after the firmware loader’s failed names (linux-npu-driver#93)', () => {
    expect(loadedFrom(postedLog('arrow-lake-debian-fallback.dmesg.txt'))).toEqual({
      file: 'intel/vpu/vpu_37xx_v0.0.bin',
      version: '20250306*MTL_CLIENT_SILICON-release*1130*ci_tag_ud202512_vpu_rc_20250306_1130*5064b5debc3',
    });
  });

  it('finds no load where the firmware request failed', () => {
    expect(loadedFrom(postedLog('lunar-lake-no-firmware.journal.txt'))).toBeNull();
  });

  it('finds nothing on a machine without an NPU, or in empty text', () => {
    expect(loadedFrom(kernelLog('no-npu'))).toBeNull();
    expect(loadedFrom('')).toBeNull();
  });

  it('reads the dmesg form with a timestamp, and CRLF', () => {
    const line = `[    9.749246] intel_vpu 0000:00:0b.0: [drm] Firmware: intel/vpu/vpu_37xx_v1.bin, version: ${MTL_2025}\r\n`;
    expect(loadedFrom(line)).toEqual({ file: 'intel/vpu/vpu_37xx_v1.bin', version: MTL_2025 });
  });

  it('returns the last load when the driver was reloaded with newer firmware', () => {
    const text = [
      'intel_vpu 0000:00:0b.0: [drm] Firmware: intel/vpu/vpu_37xx_v0.0.bin, version: 20240226*MTL*old',
      'intel_vpu 0000:00:0b.0: [drm] Scheduler mode: OS',
      `intel_vpu 0000:00:0b.0: [drm] Firmware: intel/vpu/vpu_37xx_v1.bin, version: ${MTL_2025}`,
      'intel_vpu 0000:00:0b.0: [drm] Scheduler mode: HW',
    ].join('\n');
    expect(loadedFrom(text)?.version).toBe(MTL_2025);
  });

  it('ignores other drivers’ firmware lines and other ivpu messages', () => {
    const text = [
      'xe 0000:00:02.0: [drm] Using GuC firmware from xe/lnl_guc_70.bin version 70.49.4',
      'i915 0000:00:02.0: [drm] Firmware: i915/mtl_dmc.bin, version: 2.21',
      'intel_vpu 0000:00:0b.0: [drm] *ERROR* ivpu_boot(): Failed to boot the firmware: -110',
      'intel_vpu 0000:00:0b.0: Direct firmware load for intel/vpu/vpu_40xx_v1.bin failed with error -2',
    ].join('\n');
    expect(loadedFrom(text)).toBeNull();
  });
});
