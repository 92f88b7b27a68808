import fs from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { execa } from 'execa';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { discoverRaplZones, readRapl } from '../../../src/power/rapl.js';
import { raplTmpfilesRules } from '../../../src/power/rapl-access.js';
import { materializeHost, type MaterializedHost } from '../../helpers/host-fixture.js';

const REPO = fileURLToPath(new URL('../../../', import.meta.url));
const BUILT = path.join(REPO, 'dist/power');
const MAX_RANGE = 262143328850;
const ZONES = 'sys/devices/virtual/powercap/intel-rapl';

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

const classDir = (host: MaterializedHost, entry: string) => path.join(host.paths.sysfs, 'class/powercap', entry);

describe('discoverRaplZones', () => {
  it('finds package-0 with its core and uncore sub-zones and psys, through the class symlinks', async () => {
    const host = await lunarLake();
    expect(await fs.readlink(classDir(host, 'intel-rapl:0'))).toBe('../../devices/virtual/powercap/intel-rapl/intel-rapl:0');
    expect(await discoverRaplZones(host.paths)).toEqual([
      { domain: 'package-0', dir: classDir(host, 'intel-rapl:0'), maxEnergyRangeUj: MAX_RANGE },
      { domain: 'psys', dir: classDir(host, 'intel-rapl:1'), maxEnergyRangeUj: MAX_RANGE },
      { domain: 'package-0/core', dir: classDir(host, 'intel-rapl:0:0'), maxEnergyRangeUj: MAX_RANGE },
      { domain: 'package-0/uncore', dir: classDir(host, 'intel-rapl:0:1'), maxEnergyRangeUj: MAX_RANGE },
    ]);
  });

  it('skips the MMIO duplicate of package-0 and the control type itself', async () => {
    const host = await lunarLake();
    const mmio = path.join(host.root, 'sys/devices/pci0000:00/0000:00:04.0/powercap/intel-rapl-mmio/intel-rapl-mmio:0');
    await fs.mkdir(mmio, { recursive: true });
    await fs.writeFile(path.join(mmio, 'name'), 'package-0\n');
    await fs.writeFile(path.join(mmio, 'max_energy_range_uj'), `${MAX_RANGE}\n`);
    await fs.writeFile(path.join(mmio, 'energy_uj'), '5\n');
    await fs.symlink('../../devices/pci0000:00/0000:00:04.0/powercap/intel-rapl-mmio/intel-rapl-mmio:0', classDir(host, 'intel-rapl-mmio:0'));
    const domains = (await discoverRaplZones(host.paths)).map((zone) => zone.domain);
    expect(domains).toEqual(['package-0', 'psys', 'package-0/core', 'package-0/uncore']);
  });

  it('finds nothing on a host without powercap', async () => {
    const host = await lunarLake();
    await fs.rm(path.join(host.paths.sysfs, 'class/powercap'), { recursive: true });
    expect(await discoverRaplZones(host.paths)).toEqual([]);
    expect(await readRapl(host.paths)).toEqual({
      status: 'no_data',
      reason: `no intel-rapl zones under ${path.join(host.paths.sysfs, 'class/powercap')} (not an Intel CPU, a VM ` +
        'without RAPL, or the intel_rapl_msr module is not loaded)',
    });
  });
});

describe('readRapl', () => {
  it('reads every counter (this test runs as root, which may read the 0400 files)', async () => {
    const host = await lunarLake();
    const reading = await readRapl(host.paths);
    expect(reading.status === 'ok' && reading.energyUj).toEqual({
      'package-0': 187423958421,
      psys: 241788094116,
      'package-0/core': 93814422071,
      'package-0/uncore': 4120587319,
    });
  });

  it('throws an error naming the file when energy_uj is not a counter', async () => {
    const host = await lunarLake();
    const file = path.join(host.root, ZONES, 'intel-rapl:0/intel-rapl:0:1/energy_uj');
    await fs.writeFile(file, 'not a number\n');
    await expect(readRapl(host.paths)).rejects.toThrow(
      `${classDir(host, 'intel-rapl:0:1')}/energy_uj: expected a non-negative integer, got "not a number\\n"`,
    );
  });
});

describe('readRapl as an unprivileged user (the files are root-only since CVE-2020-8694)', () => {
  beforeAll(async () => {
    await fs.access(path.join(BUILT, 'sampler.js')).catch(() => {
      throw new Error(`${BUILT}/sampler.js is missing: build first (npx tsc -p tsconfig.build.json)`);
    });
  });

  // Runs the BUILT modules as nobody with no groups: readRapl, then samplePower twice with a once-only notice.
  const script = `
    const { readRapl } = await import(${JSON.stringify(path.join(BUILT, 'rapl.js'))});
    const { samplePower } = await import(${JSON.stringify(path.join(BUILT, 'sampler.js'))});
    const { createNoDataNotice } = await import(${JSON.stringify(path.join(BUILT, 'no-data-notice.js'))});
    const paths = JSON.parse(process.argv[1]);
    const logs = [];
    const log = { debug() {}, info() {}, error() {}, warn: (fields, message) => logs.push({ fields, message }) };
    const onNoData = createNoDataNotice(log);
    const clock = { now: () => 0, monotonic: () => 5000 };
    const rapl = await readRapl(paths);
    const samples = [await samplePower(paths, clock, { onNoData }), await samplePower(paths, clock, { onNoData })];
    process.stdout.write(JSON.stringify({ rapl, samples, logs }));
  `;

  it('reports no_data with the rule that grants access, logs it once and still samples the battery', async () => {
    const host = await lunarLake();
    const energy = path.join(host.root, ZONES, 'intel-rapl:0/energy_uj');
    // permissions.txt mirrors the kernel: 0400 root:root.
    const stat = await fs.stat(energy);
    expect({ mode: stat.mode & 0o777, uid: stat.uid }).toEqual({ mode: 0o400, uid: 0 });
    const result = await execa('setpriv', ['--reuid=65534', '--regid=65534', '--clear-groups',
      process.execPath, '--input-type=module', '-e', script, JSON.stringify(host.paths)], { reject: false });
    expect(result.stderr).toBe('');
    expect(result.exitCode).toBe(0);
    const output = JSON.parse(result.stdout) as {
      rapl: { status: string; reason: string };
      samples: Array<Record<string, unknown>>;
      logs: Array<{ fields: unknown; message: string }>;
    };
    expect(output.rapl.status).toBe('no_data');
    expect(output.rapl.reason).toMatch(
      new RegExp(`^cannot read ${classDir(host, 'intel-rapl:0')}/energy_uj \\(permission denied\\): RAPL energy counters are root-only since CVE-2020-8694`),
    );
    for (const rule of raplTmpfilesRules()) expect(output.rapl.reason).toContain(rule);
    expect(output.samples[1]).toEqual({
      at: 5,
      energyUj: {},
      batteryWatts: 6.843,
      batteryPercent: 76,
      batteryDischarging: true,
      npuBusyTimeUs: null,
      npuEnergy: null,
    });
    expect(output.logs).toEqual([{ fields: { component: 'power' }, message: `power: no RAPL energy data: ${output.rapl.reason}` }]);
  });
});
