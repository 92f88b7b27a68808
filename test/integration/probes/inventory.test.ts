import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { inventoryProbe } from '../../../src/probes/inventory/inventory.js';
import type { Component } from '../../../src/probes/inventory/types.js';
import type { ProbeContext } from '../../../src/probes/types.js';
import { FIXTURE_HOSTS_DIR, hostPaths, probeContextFor } from '../../helpers/probe-context.js';

// The version strings in the fixture firmware files and kernel logs (test/fixtures/make-firmware.mjs). The Lunar
// Lake one is the version intel/linux-npu-driver#113 posted, spaces included.
const LNL_FIRMWARE = 'Mar  6 2025*NPU40xx*ci_tag_ud202512_vpu_rc_20250306_1130*5064b5debc377e1c4b74f69dc14e2e536dba393d';
const MTL_FIRMWARE = '20241025*MTL_CLIENT_SILICON-release*1830*ci_tag_ud202444_vpu_rc_20241025_1830*ae072b315bc';

// A context for one committed fixture host, with its bin/ stand-ins first on PATH.
function fixtureContext(host: string): ProbeContext {
  const root = path.join(FIXTURE_HOSTS_DIR, host);
  return probeContextFor(hostPaths(root), { PATH: { prepend: path.join(root, 'bin') } }).ctx;
}

function versions(components: Component[]): Record<string, string> {
  return Object.fromEntries(components.map((c) => [c.component, c.version]));
}

function byName(components: Component[], name: string): Component | undefined {
  return components.find((c) => c.component === name);
}

describe('inventoryProbe on the seed’s Fedora 43 Lunar Lake laptop', () => {
  it('reports the versions the status page lists, read through rpm', async () => {
    const inventory = await inventoryProbe.run(fixtureContext('fedora43-lunarlake'));
    expect(inventory.packageManager).toBe('rpm');
    expect(versions(inventory.components)).toEqual({
      'firmware:intel/vpu/vpu_40xx_v0.0.bin': LNL_FIRMWARE,
      'intel-level-zero': '25.31.34666.3-1.fc43',
      'intel-npu-driver': '1.16.0-1.fc44',
      'intel-opencl': '25.31.34666.3-1.fc43',
      'intel-vpu-firmware': '20251111-1.fc43',
      kernel: '6.17.6-300.fc43.x86_64',
      'linux-firmware': '20251111-1.fc43',
      'npu-firmware': LNL_FIRMWARE,
      'oneapi-level-zero': '1.24.3-1.fc43',
      'openvino-python': '2025.1.0',
      os: 'fedora 43',
    });
  });

  it('says where each version came from', async () => {
    const { components } = await inventoryProbe.run(fixtureContext('fedora43-lunarlake'));
    expect(byName(components, 'os')).toEqual({
      component: 'os',
      version: 'fedora 43',
      source: 'os-release',
      detail: 'Fedora Linux 43 (Workstation Edition)',
    });
    expect(byName(components, 'intel-npu-driver')).toEqual({
      component: 'intel-npu-driver',
      version: '1.16.0-1.fc44',
      source: 'rpm',
      detail: 'intel-npu-driver-1.16.0-1.fc44.x86_64',
    });
    expect(byName(components, 'kernel')?.source).toBe('procfs');
    expect(byName(components, 'firmware:intel/vpu/vpu_40xx_v0.0.bin')).toMatchObject({
      source: 'firmware-file',
      detail: '/lib/firmware/intel/vpu/vpu_40xx_v0.0.bin.xz',
    });
    expect(byName(components, 'npu-firmware')).toMatchObject({ source: 'kernel-log', detail: 'intel/vpu/vpu_40xx_v0.0.bin' });
    expect(byName(components, 'openvino-python')?.source).toBe('python');
  });

  it('keeps this boot’s NPU kernel lines with their journal times and events, both driver loads included, for the diagnosis', async () => {
    const { kernelLog } = await inventoryProbe.run(fixtureContext('fedora43-lunarlake'));
    expect(kernelLog).toHaveLength(7);
    // The 13th record of outputs/journalctl-dmesg.json: 2025-11-27 09:00:00 UTC + 12 × 10 ms.
    expect(kernelLog?.[0]).toEqual({ at: Date.parse('2025-11-27T09:00:00.120Z'), line: 'intel_vpu 0000:00:0b.0: enabling device (0000 -> 0002)', event: null });
    expect(kernelLog?.filter((entry) => entry.event?.kind === 'firmware_loaded')).toHaveLength(2);
  });

  it('returns the components sorted by name, each once', async () => {
    const { components } = await inventoryProbe.run(fixtureContext('fedora43-lunarlake'));
    const names = components.map((c) => c.component);
    expect(names).toEqual([...new Set(names)].sort());
  });
});

describe('inventoryProbe on the Ubuntu 24.04 Meteor Lake laptop', () => {
  it('reports Intel’s .deb versions through dpkg, without the removed (rc) package or python OpenVINO', async () => {
    const inventory = await inventoryProbe.run(fixtureContext('ubuntu2404-meteorlake'));
    expect(inventory.packageManager).toBe('dpkg');
    expect(versions(inventory.components)).toEqual({
      'firmware:intel/vpu/vpu_37xx_v0.0.bin': MTL_FIRMWARE,
      'intel-driver-compiler-npu': '1.10.0.20241107-11729849322',
      'intel-fw-npu': '1.10.0.20241107-11729849322',
      'intel-level-zero-npu': '1.10.0.20241107-11729849322',
      kernel: '6.8.0-49-generic',
      libze1: '1.17.44-1',
      'linux-firmware': '20240318.git3b128b60-0ubuntu2.5',
      'npu-firmware': MTL_FIRMWARE,
      os: 'ubuntu 24.04',
    });
    expect(byName(inventory.components, 'libze1')?.source).toBe('dpkg');
  });

  it('finds intel-fw-npu’s file in updates/ and reports it as the one the kernel loads over Ubuntu’s older .zst', async () => {
    const { components, firmware } = await inventoryProbe.run(fixtureContext('ubuntu2404-meteorlake'));
    expect(byName(components, 'firmware:intel/vpu/vpu_37xx_v0.0.bin')?.detail).toBe('/lib/firmware/updates/intel/vpu/vpu_37xx_v0.0.bin');
    expect(firmware?.files.map((file) => [file.kernelPath, file.version])).toEqual([
      ['/lib/firmware/updates/intel/vpu/vpu_37xx_v0.0.bin', MTL_FIRMWARE],
      ['/lib/firmware/intel/vpu/vpu_37xx_v0.0.bin.zst', '20240226*MTL_CLIENT_SILICON-release*1329*ci_tag_ud202410_vpu_rc_20240226_1329*5fb4b5c3cc6'],
    ]);
    expect(firmware?.searchPath).toEqual([
      '/lib/firmware/updates/6.8.0-49-generic',
      '/lib/firmware/updates',
      '/lib/firmware/6.8.0-49-generic',
      '/lib/firmware',
    ]);
    expect(firmware?.requests.filter((request) => request.ip === '37xx')).toEqual([
      { ip: '37xx', name: 'intel/vpu/vpu_37xx_v1.bin', loads: null },
      { ip: '37xx', name: 'intel/vpu/vpu_37xx_v0.0.bin', loads: '/lib/firmware/updates/intel/vpu/vpu_37xx_v0.0.bin' },
    ]);
  });
});

describe('inventoryProbe on a desktop without an NPU', () => {
  it('reports the distribution and the kernel only', async () => {
    const inventory = await inventoryProbe.run(fixtureContext('no-npu'));
    expect(inventory).toMatchObject({
      packageManager: 'dpkg',
      components: [
        { component: 'kernel', version: '6.1.0-53-amd64', source: 'procfs' },
        { component: 'os', version: 'debian 12', source: 'os-release', detail: 'Debian GNU/Linux 12 (bookworm)' },
      ],
      kernelLog: [],
    });
    expect(inventory.firmware?.files).toEqual([]);
    expect(inventory.firmware?.requests.every((request) => request.loads === null)).toBe(true);
  });
});

describe('inventoryProbe on hosts that are not quite like the fixtures', () => {
  const made: string[] = [];
  afterEach(async () => {
    await Promise.all(made.splice(0).map((dir) => fs.rm(dir, { recursive: true, force: true })));
  });

  // A host tree whose bin/ holds only `cat`, `dirname` and the named stand-ins of a fixture host (with that
  // host's outputs/ beside it, where the stand-ins look); tests run it with PATH set to that bin/ alone.
  async function makeHost(osRelease: string | null, standIns: { host: string; programs: string[] } | null): Promise<string> {
    const root = await fs.mkdtemp(path.join(os.tmpdir(), 'npu-watch-inventory-'));
    made.push(root);
    await fs.mkdir(path.join(root, 'etc'), { recursive: true });
    await fs.mkdir(path.join(root, 'bin'));
    if (osRelease !== null) await fs.writeFile(path.join(root, 'etc/os-release'), osRelease);
    for (const tool of ['cat', 'dirname']) await fs.symlink(await which(tool), path.join(root, 'bin', tool));
    if (standIns !== null) {
      await fs.symlink(path.join(FIXTURE_HOSTS_DIR, standIns.host, 'outputs'), path.join(root, 'outputs'));
      for (const program of standIns.programs) {
        await fs.symlink(path.join(FIXTURE_HOSTS_DIR, standIns.host, 'bin', program), path.join(root, 'bin', program));
      }
    }
    return root;
  }

  async function which(tool: string): Promise<string> {
    for (const dir of (process.env.PATH ?? '').split(':')) {
      const candidate = path.join(dir, tool);
      if (await fs.access(candidate).then(() => true, () => false)) return candidate;
    }
    throw new Error(`${tool} not found`);
  }

  function onlyItsBin(root: string) {
    return probeContextFor(hostPaths(root), { PATH: { only: [path.join(root, 'bin')] } }).ctx;
  }

  it('falls back to dpkg for an unknown distribution without rpm', async () => {
    const root = await makeHost('ID=pop\nVERSION_ID="24.04"\n', { host: 'ubuntu2404-meteorlake', programs: ['dpkg-query'] });
    const inventory = await inventoryProbe.run(onlyItsBin(root));
    expect(inventory.packageManager).toBe('dpkg');
    expect(versions(inventory.components)).toMatchObject({ os: 'pop 24.04', libze1: '1.17.44-1' });
  });

  it('tries rpm first when there is no os-release', async () => {
    const root = await makeHost(null, { host: 'fedora43-lunarlake', programs: ['rpm'] });
    const inventory = await inventoryProbe.run(onlyItsBin(root));
    expect(inventory.packageManager).toBe('rpm');
    expect(byName(inventory.components, 'os')).toBeUndefined();
    expect(byName(inventory.components, 'intel-npu-driver')?.version).toBe('1.16.0-1.fc44');
  });

  it('reports no package manager when neither rpm nor dpkg exists, and BUILD_ID for a rolling release', async () => {
    const root = await makeHost('ID=arch\nBUILD_ID=rolling\nPRETTY_NAME="Arch Linux"\n', null);
    expect(await inventoryProbe.run(onlyItsBin(root))).toMatchObject({
      packageManager: null,
      components: [{ component: 'os', version: 'arch rolling', source: 'os-release', detail: 'Arch Linux' }],
      // No journalctl on this PATH: the kernel log is unknown, not empty.
      kernelLog: null,
    });
  });

  it('fails when the package database is broken rather than reporting nothing installed', async () => {
    const root = await makeHost('ID=fedora\nVERSION_ID=43\n', null);
    const rpm = path.join(root, 'bin', 'rpm');
    const script = '#!/bin/sh\necho "error: cannot open Packages database in /var/lib/rpm" >&2\nexit 1\n';
    await fs.writeFile(rpm, script, { mode: 0o755 });
    await expect(inventoryProbe.run(onlyItsBin(root))).rejects.toThrow(/rpm -q .*exit 1: error: cannot open Packages database/);
  });

  it('throws when os-release exists but cannot be read', async () => {
    const root = await makeHost('ID=fedora\n', null);
    await fs.rm(path.join(root, 'etc/os-release'));
    await fs.mkdir(path.join(root, 'etc/os-release'));
    await expect(inventoryProbe.run(onlyItsBin(root))).rejects.toThrow(/EISDIR/);
  });
});
