import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { HostPaths } from '../../../src/host/paths.js';
import { deviceProbe } from '../../../src/probes/device/device.js';
import { materializeHost, type MaterializedHost } from '../../helpers/host-fixture.js';
import { probeContextFor } from '../../helpers/probe-context.js';

const NPU_DIR = 'sys/devices/pci0000:00/0000:00:0b.0';

// Whether this test process belongs to gid (root here: gid 0 only, unless the runner adds groups).
const memberOf = (gid: number) => process.getgid?.() === gid || (process.getgroups?.() ?? []).includes(gid);

let hosts: MaterializedHost[] = [];
afterEach(async () => {
  await Promise.all(hosts.map((host) => host.cleanup()));
  hosts = [];
});

async function host(name: string): Promise<MaterializedHost> {
  const materialized = await materializeHost(name);
  hosts.push(materialized);
  return materialized;
}

async function runProbe(paths: HostPaths) {
  const { ctx, commands } = probeContextFor(paths);
  const report = await deviceProbe.run(ctx);
  expect(commands).toEqual([]);
  return report;
}

describe('deviceProbe on fixture hosts', () => {
  it('reports the seed laptop: Lunar Lake NPU on intel_vpu with every 6.17 attribute, and the xe GPU', async () => {
    const { paths } = await host('fedora43-lunarlake');
    expect(await runProbe(paths)).toEqual({
      npus: [
        {
          pciAddress: '0000:00:0b.0',
          vendorId: '0x8086',
          deviceId: '0x643e',
          generation: 'Lunar Lake',
          revision: '0x04',
          driver: 'intel_vpu',
          driverVersion: '1.0.0 6.17.6-300.fc43.x86_64',
          node: {
            path: path.join(paths.dev, 'accel/accel0'),
            // Root may open anything; test/integration/check-cli.test.ts checks access as an unprivileged user.
            accessible: true,
            mode: '0660',
            uid: 0,
            gid: 105,
            group: 'render',
            inOwningGroup: memberOf(105),
          },
          attributes: {
            busyTimeUs: 48213,
            currentFrequencyMhz: 0,
            maxFrequencyMhz: 1950,
            memoryUtilizationBytes: 47185920,
            schedMode: 'HW',
            runtimeStatus: 'suspended',
          },
        },
      ],
      // The Intel USB controller at 0000:00:0d.0 is neither.
      gpus: [{ pciAddress: '0000:00:02.0', deviceId: '0x64a0', driver: 'xe' }],
    });
  });

  it('reports the Meteor Lake laptop on kernel 6.8: no intel_vpu attributes yet, a root-only node', async () => {
    const { paths } = await host('ubuntu2404-meteorlake');
    const report = await runProbe(paths);
    expect(report.gpus).toEqual([{ pciAddress: '0000:00:02.0', deviceId: '0x7d55', driver: 'i915' }]);
    expect(report.npus).toHaveLength(1);
    expect(report.npus[0]).toMatchObject({
      deviceId: '0x7d1d',
      generation: 'Meteor Lake',
      revision: '0x04',
      driver: 'intel_vpu',
      driverVersion: '1.0.',
      node: { mode: '0600', uid: 0, gid: 0, group: 'root', inOwningGroup: memberOf(0) },
      attributes: {
        busyTimeUs: null,
        currentFrequencyMhz: null,
        maxFrequencyMhz: null,
        memoryUtilizationBytes: null,
        schedMode: null,
        runtimeStatus: 'suspended',
      },
    });
  });

  it('reports no NPU on the Alder Lake desktop as data, not an error', async () => {
    const { paths } = await host('no-npu');
    const { ctx, logs } = probeContextFor(paths);
    expect(await deviceProbe.run(ctx)).toEqual({
      npus: [],
      gpus: [{ pciAddress: '0000:00:02.0', deviceId: '0x4680', driver: 'i915' }],
    });
    expect(logs.map((line) => [line.level, line.msg])).toEqual([[20, 'no Intel NPU on the PCI bus']]);
  });

  it('reports nothing on a host without a PCI bus', async () => {
    const empty = await fs.mkdtemp(path.join(os.tmpdir(), 'npu-watch-empty-'));
    try {
      const paths = { sysfs: `${empty}/sys`, procfs: `${empty}/proc`, dev: `${empty}/dev`, firmware: `${empty}/fw`, etc: `${empty}/etc` };
      expect(await runProbe(paths)).toEqual({ npus: [], gpus: [] });
    } finally {
      await fs.rm(empty, { recursive: true, force: true });
    }
  });
});

describe('deviceProbe on altered hosts', () => {
  it('reports an NPU with no driver bound: no driver, version, node or attributes', async () => {
    const root = await fs.mkdtemp(path.join(os.tmpdir(), 'npu-watch-unbound-'));
    try {
      const dir = path.join(root, NPU_DIR);
      await fs.mkdir(dir, { recursive: true });
      const files = { vendor: '0x8086', device: '0x643e', class: '0x120000', revision: '0x04' };
      for (const [file, value] of Object.entries(files)) await fs.writeFile(path.join(dir, file), `${value}\n`);
      await fs.mkdir(path.join(root, 'sys/bus/pci/devices'), { recursive: true });
      await fs.symlink('../../../devices/pci0000:00/0000:00:0b.0', path.join(root, 'sys/bus/pci/devices/0000:00:0b.0'));
      const paths = { sysfs: `${root}/sys`, procfs: `${root}/proc`, dev: `${root}/dev`, firmware: `${root}/fw`, etc: `${root}/etc` };
      expect(await runProbe(paths)).toEqual({
        npus: [
          {
            pciAddress: '0000:00:0b.0',
            vendorId: '0x8086',
            deviceId: '0x643e',
            generation: 'Lunar Lake',
            revision: '0x04',
            driver: null,
            driverVersion: null,
            node: null,
            attributes: {
              busyTimeUs: null,
              currentFrequencyMhz: null,
              maxFrequencyMhz: null,
              memoryUtilizationBytes: null,
              schedMode: null,
              runtimeStatus: null,
            },
          },
        ],
        gpus: [],
      });
    } finally {
      await fs.rm(root, { recursive: true, force: true });
    }
  });

  it('reports node null when sysfs names accel0 but the dev root has no such node', async () => {
    const { root, paths } = await host('fedora43-lunarlake');
    await fs.rm(path.join(root, 'dev/accel/accel0'));
    const [npu] = (await runProbe(paths)).npus;
    expect(npu?.node).toBeNull();
    expect(npu?.driver).toBe('intel_vpu');
  });

  it('reports group null when <etc>/group does not name the owning group', async () => {
    const { root, paths } = await host('fedora43-lunarlake');
    await fs.writeFile(path.join(root, 'etc/group'), 'root:x:0:\n');
    expect((await runProbe(paths)).npus[0]?.node?.group).toBeNull();
    await fs.rm(path.join(root, 'etc/group'));
    expect((await runProbe(paths)).npus[0]?.node?.group).toBeNull();
  });

  it('fails, naming the file and its content, when an NPU attribute holds garbage', async () => {
    const { root, paths } = await host('fedora43-lunarlake');
    const file = path.join(root, NPU_DIR, 'npu_busy_time_us');
    await fs.writeFile(file, 'garbage\n');
    const { ctx } = probeContextFor(paths);
    await expect(deviceProbe.run(ctx)).rejects.toThrow(
      `${paths.sysfs}/bus/pci/devices/0000:00:0b.0/npu_busy_time_us: expected a non-negative integer, got "garbage\\n"`,
    );
  });

  it('fails when a PCI id file holds garbage', async () => {
    const { root, paths } = await host('no-npu');
    await fs.writeFile(path.join(root, 'sys/devices/pci0000:00/0000:00:02.0/vendor'), '\n');
    const { ctx } = probeContextFor(paths);
    await expect(deviceProbe.run(ctx)).rejects.toThrow(/0000:00:02\.0\/vendor: expected a 4-digit hex id like 0x0000, got "\\n"/);
  });

  it('reports Nova Lake’s NPU (0xd71d, from the ivpu patch adding Nova Lake) as an NPU', async () => {
    const { root, paths } = await host('fedora43-lunarlake');
    await fs.writeFile(path.join(root, NPU_DIR, 'device'), '0xd71d\n');
    const { ctx, logs } = probeContextFor(paths);
    expect((await deviceProbe.run(ctx)).npus).toEqual([expect.objectContaining({ deviceId: '0xd71d', generation: 'Nova Lake' })]);
    expect(logs.filter((line) => line.level === 40)).toEqual([]);
  });

  it('warns about an Intel accelerator the NPU table does not know, and reports no NPU', async () => {
    const { root, paths } = await host('fedora43-lunarlake');
    // An accelerator id no intel_vpu release binds (made up for the test), as a future NPU would look.
    await fs.writeFile(path.join(root, NPU_DIR, 'device'), '0xfffe\n');
    const { ctx, logs } = probeContextFor(paths);
    expect((await deviceProbe.run(ctx)).npus).toEqual([]);
    expect(logs.filter((line) => line.level === 40)).toEqual([
      expect.objectContaining({ pciAddress: '0000:00:0b.0', deviceId: '0xfffe', msg: 'Intel accelerator not in the NPU id table' }),
    ]);
  });

  it('stops when the run is aborted', async () => {
    const { paths } = await host('fedora43-lunarlake');
    const controller = new AbortController();
    controller.abort(new Error('shutting down'));
    const { ctx } = probeContextFor(paths, { signal: controller.signal });
    await expect(deviceProbe.run(ctx)).rejects.toThrow('shutting down');
  });
});
