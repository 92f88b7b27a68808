import { describe, expect, it } from 'vitest';
import { npuFirmwareMissing } from '../../../../src/diagnosis/rules/npu-firmware-missing.js';
import type { Component, FirmwareInventory } from '../../../../src/probes/inventory/types.js';
import { SEED_COMPONENTS, inventoryOf, lunarLakeNpu, seedFacts } from '../canary-fixtures.js';

const withoutFirmware = SEED_COMPONENTS.filter((c) => c.component !== 'npu-firmware');

// A firmware file component as the inventory reports the one the kernel would load for a name.
function firmwareFile(name: string, version = 'Mar  6 2025*NPU40xx*ci_tag_ud202512_vpu_rc_20250306_1130*5064b5debc377e1c4b74f69dc14e2e536dba393d'): Component {
  return { component: `firmware:${name}`, version, source: 'firmware-file', detail: `/lib/firmware/${name}` };
}

const SEARCH_PATH: FirmwareInventory = {
  searchPath: ['/lib/firmware/updates/6.17.6-300.fc43.x86_64', '/lib/firmware/updates', '/lib/firmware/6.17.6-300.fc43.x86_64', '/lib/firmware'],
  files: [],
  requests: [],
};

describe('npu-firmware-missing', () => {
  it('fires when the inventory found no firmware file and no firmware load, naming what ivpu requests', () => {
    const d = npuFirmwareMissing.diagnose(seedFacts(null, { inventory: inventoryOf(withoutFirmware) }));
    expect(d?.evidence).toEqual([
      'Lunar Lake NPU (8086:643e) at 0000:00:0b.0 is a 40xx NPU: intel_vpu requests intel/vpu/vpu_40xx_v1.bin, then intel/vpu/vpu_40xx_v0.0.bin (each plain, .zst or .xz); none is on the firmware search path',
      'no firmware load in this boot’s kernel log',
    ]);
  });

  it('fires on Lunar Lake when only Meteor Lake’s firmware is installed, and says so', () => {
    const inventory = { ...inventoryOf([...withoutFirmware, firmwareFile('intel/vpu/vpu_37xx_v1.bin')]), firmware: SEARCH_PATH };
    const d = npuFirmwareMissing.diagnose(seedFacts(null, { inventory }));
    expect(d?.evidence).toEqual([
      'Lunar Lake NPU (8086:643e) at 0000:00:0b.0 is a 40xx NPU: intel_vpu requests intel/vpu/vpu_40xx_v1.bin, then intel/vpu/vpu_40xx_v0.0.bin (each plain, .zst or .xz); none is on the firmware search path (/lib/firmware/updates/6.17.6-300.fc43.x86_64, /lib/firmware/updates, /lib/firmware/6.17.6-300.fc43.x86_64, /lib/firmware)',
      'no firmware load in this boot’s kernel log',
      'NPU firmware found for other generations only: /lib/firmware/intel/vpu/vpu_37xx_v1.bin',
    ]);
  });

  it('does not fire when one of the generation’s names is there, whichever of them', () => {
    for (const name of ['intel/vpu/vpu_40xx_v1.bin', 'intel/vpu/vpu_40xx_v0.0.bin']) {
      const inventory = inventoryOf([...withoutFirmware, firmwareFile(name)]);
      expect(npuFirmwareMissing.diagnose(seedFacts(null, { inventory }))).toBeNull();
    }
  });

  it('fires on Nova Lake (0xd71d) with only 40xx firmware: it needs vpu_60xx_v1.bin', () => {
    const novaLake = lunarLakeNpu({ deviceId: '0xd71d', generation: 'Nova Lake' });
    const inventory = inventoryOf([...withoutFirmware, firmwareFile('intel/vpu/vpu_40xx_v1.bin')]);
    const d = npuFirmwareMissing.diagnose(seedFacts(null, { inventory, device: { npus: [novaLake], gpus: [] } }));
    expect(d?.evidence[0]).toBe(
      'Nova Lake NPU (8086:d71d) at 0000:00:0b.0 is a 60xx NPU: intel_vpu requests intel/vpu/vpu_60xx_v1.bin (each plain, .zst or .xz); none is on the firmware search path',
    );
    expect(d?.next_step).toContain('intel/vpu/vpu_60xx_v1.bin');
  });

  it('does not fire when the kernel log shows a firmware load, nor when the inventory failed', () => {
    expect(npuFirmwareMissing.diagnose(seedFacts(null))).toBeNull();
    expect(npuFirmwareMissing.diagnose(seedFacts(null, { inventory: null }))).toBeNull();
  });
});
