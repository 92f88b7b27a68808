import fs from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { execa } from 'execa';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { readNpuEnergy } from '../../../src/power/pmt.js';
import { pmtTmpfilesRules, pmtUdevRule } from '../../../src/power/pmt-access.js';
import { materializeHost, type MaterializedHost } from '../../helpers/host-fixture.js';
import { addPmtRegion, LUNAR_LAKE_PMT, METEOR_LAKE_PMT, OTHER_PMT } from '../../helpers/pmt-fixture.js';

const REPO = fileURLToPath(new URL('../../../', import.meta.url));
const BUILT = path.join(REPO, 'dist/power');

let hosts: MaterializedHost[] = [];
afterEach(async () => {
  await Promise.all(hosts.map((host) => host.cleanup()));
  hosts = [];
});

async function lunarLake(): Promise<MaterializedHost> {
  const host = await materializeHost('fedora43-lunarlake');
  hosts.push(host);
  return host;
}

const classDir = (host: MaterializedHost) => path.join(host.paths.sysfs, 'class/intel_pmt');

describe('readNpuEnergy', () => {
  it("finds the region with a known GUID through the class links, past another platform's region", async () => {
    const host = await lunarLake();
    await addPmtRegion(host.paths.sysfs, 0, OTHER_PMT, 99);
    await addPmtRegion(host.paths.sysfs, 1, LUNAR_LAKE_PMT, 512.75);
    expect(await fs.readlink(path.join(classDir(host), 'telem1'))).toBe('../../devices/pci0000:00/0000:00:0a.0/intel_vsec.telemetry.1/intel_pmt/telem1');
    expect(await readNpuEnergy(host.paths)).toEqual({
      status: 'ok',
      platform: 'Lunar Lake',
      file: path.join(classDir(host), 'telem1/telem'),
      energy: { joules: 512.75, rangeJoules: 2 ** 18 },
    });
  });

  it('takes the lowest-numbered known region, telem2 before telem10', async () => {
    const host = await lunarLake();
    await addPmtRegion(host.paths.sysfs, 10, METEOR_LAKE_PMT, 1);
    await addPmtRegion(host.paths.sysfs, 2, LUNAR_LAKE_PMT, 2);
    expect(await readNpuEnergy(host.paths)).toMatchObject({ status: 'ok', platform: 'Lunar Lake', energy: { joules: 2 } });
  });

  it('gives no data, naming the file and sizes, for a region too short for the register', async () => {
    const host = await lunarLake();
    await addPmtRegion(host.paths.sysfs, 1, LUNAR_LAKE_PMT, 0, 256);
    const file = path.join(classDir(host), 'telem1/telem');
    expect(await readNpuEnergy(host.paths)).toEqual({
      status: 'no_data',
      reason: `${file}: 256 bytes, too short for the Lunar Lake NPU energy register at offset 0x5d0 (needs 1492 bytes)`,
    });
  });

  it('gives no data for a known region without a telem file (the kernel adds none for a region of size 0)', async () => {
    const host = await lunarLake();
    const region = await addPmtRegion(host.paths.sysfs, 1, LUNAR_LAKE_PMT);
    await fs.rm(region.telem);
    expect(await readNpuEnergy(host.paths)).toMatchObject({ status: 'no_data', reason: expect.stringContaining('telem1/telem does not exist') });
  });

  it('throws an error naming the file for a guid that is not one', async () => {
    const host = await lunarLake();
    const region = await addPmtRegion(host.paths.sysfs, 1, LUNAR_LAKE_PMT);
    await fs.writeFile(path.join(region.dir, 'guid'), 'lunar\n');
    await expect(readNpuEnergy(host.paths)).rejects.toThrow(`${path.join(classDir(host), 'telem1/guid')}: expected a PMT GUID like 0x3072005, got "lunar\\n"`);
  });
});

describe('the NPU energy as an unprivileged user (telem is 0440 root:root)', () => {
  beforeAll(async () => {
    await fs.access(path.join(BUILT, 'pmt.js')).catch(() => {
      throw new Error(`${BUILT}/pmt.js is missing: build first (npm run build)`);
    });
  });

  // Runs the BUILT modules as nobody: samplePower twice with a once-only notice per source.
  const script = `
    const { samplePower } = await import(${JSON.stringify(path.join(BUILT, 'sampler.js'))});
    const { createNoDataNotice } = await import(${JSON.stringify(path.join(BUILT, 'no-data-notice.js'))});
    const paths = JSON.parse(process.argv[1]);
    const logs = [];
    const log = { debug() {}, info() {}, error() {}, warn: (fields, message) => logs.push({ fields, message }) };
    const options = { npuEnergy: true, onNoData: createNoDataNotice(log), onNpuEnergyNoData: createNoDataNotice(log, 'NPU energy (PMT)') };
    const clock = { now: () => 0, monotonic: () => 5000 };
    const samples = [await samplePower(paths, clock, options), await samplePower(paths, clock, options)];
    process.stdout.write(JSON.stringify({ samples, logs }));
  `;
  const asNobody = (host: MaterializedHost, groups: string[]) =>
    execa('setpriv', ['--reuid=65534', '--regid=65534', ...groups, process.execPath, '--input-type=module', '-e', script, JSON.stringify(host.paths)], { reject: false });
  type Output = { samples: Array<{ npuEnergy: unknown; batteryPercent: unknown }>; logs: Array<{ fields: unknown; message: string }> };

  it('has no NPU energy, and says once what was denied and the rules that grant it', async () => {
    const host = await lunarLake();
    const region = await addPmtRegion(host.paths.sysfs, 1, LUNAR_LAKE_PMT, 100);
    const stat = await fs.stat(region.telem);
    expect({ mode: stat.mode & 0o777, uid: stat.uid, gid: stat.gid }).toEqual({ mode: 0o440, uid: 0, gid: 0 });
    const result = await asNobody(host, ['--clear-groups']);
    expect(result.stderr).toBe('');
    expect(result.exitCode).toBe(0);
    const output = JSON.parse(result.stdout) as Output;
    expect(output.samples.map((sample) => sample.npuEnergy)).toEqual([null, null]);
    // Everything else is still sampled.
    expect(output.samples[1]!.batteryPercent).toBe(76);
    const pmtLines = output.logs.filter((line) => line.message.startsWith('power: no NPU energy (PMT) data: '));
    expect(pmtLines).toHaveLength(1);
    const message = pmtLines[0]!.message;
    expect(message).toContain(`cannot read ${path.join(classDir(host), 'telem1/telem')} (permission denied): PMT telemetry is readable by root only.`);
    expect(message).toContain(pmtTmpfilesRules()[0]);
    expect(message).toContain(pmtUdevRule());
  });

  it('reads it once the group the rules name may read the file', async () => {
    const host = await lunarLake();
    const region = await addPmtRegion(host.paths.sysfs, 1, LUNAR_LAKE_PMT, 100);
    // What the shipped rule does for the npu-watch group, with a group nobody is in here.
    await fs.chown(region.telem, 0, 65534);
    const result = await asNobody(host, ['--clear-groups']);
    const output = JSON.parse(result.stdout) as Output;
    expect(output.samples.map((sample) => sample.npuEnergy)).toEqual([{ joules: 100, rangeJoules: 2 ** 18 }, { joules: 100, rangeJoules: 2 ** 18 }]);
    expect(output.logs.filter((line) => line.message.includes('NPU energy'))).toEqual([]);
  });
});
