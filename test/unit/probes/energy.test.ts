import fs from 'node:fs/promises';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { Clock } from '../../../src/host/clock.js';
import { createEnergyProbe } from '../../../src/probes/energy/energy.js';
import type { ProbeContext } from '../../../src/probes/types.js';
import { materializeHost, type MaterializedHost } from '../../helpers/host-fixture.js';
import { captureLogger } from '../../helpers/probe-context.js';

let hosts: MaterializedHost[] = [];
afterEach(async () => {
  await Promise.all(hosts.map((host) => host.cleanup()));
  hosts = [];
});

// The seed laptop's sysfs, a clock the test moves (seconds), and a way to move a RAPL counter.
async function seedLaptop() {
  const host = await materializeHost('fedora43-lunarlake');
  hosts.push(host);
  let ms = 0;
  const clock: Clock = { now: () => 1_700_000_000_000 + ms, monotonic: () => ms };
  const { log, lines } = captureLogger();
  const ctx: ProbeContext = { paths: host.paths, clock, log, signal: new AbortController().signal, run: () => Promise.reject(new Error('the energy probe runs no command')) };
  return {
    ctx,
    lines,
    at: (seconds: number) => (ms = seconds * 1000),
    energy: (zone: string, uj: number) => fs.writeFile(path.join(host.paths.sysfs, 'class/powercap', zone, 'energy_uj'), `${uj}\n`),
  };
}

describe('the energy probe', () => {
  it('returns what each RAPL domain used since its previous sample, across a counter wrap', async () => {
    const laptop = await seedLaptop();
    const probe = createEnergyProbe();
    // intel-rapl:0 (package-0) wraps at max_energy_range_uj 262143328850.
    await laptop.energy('intel-rapl:0', 262_140_000_000);
    expect(await probe.run(laptop.ctx)).toEqual({ joules: {}, no_data: null });
    laptop.at(10);
    await laptop.energy('intel-rapl:0', 46_671_150);
    const second = await probe.run(laptop.ctx);
    expect(second.no_data).toBeNull();
    expect(second.joules['package-0']).toBeCloseTo(50, 6);
  });

  it('each instance keeps its own counters', async () => {
    const laptop = await seedLaptop();
    await createEnergyProbe().run(laptop.ctx);
    laptop.at(10);
    expect((await createEnergyProbe().run(laptop.ctx)).joules).toEqual({});
  });

  it('a host without RAPL is no data with the reason, logged once, not a failure', async () => {
    const laptop = await seedLaptop();
    await fs.rm(path.join(laptop.ctx.paths.sysfs, 'class/powercap'), { recursive: true });
    const probe = createEnergyProbe();
    const first = await probe.run(laptop.ctx);
    await probe.run(laptop.ctx);
    expect(first.joules).toEqual({});
    expect(first.no_data).toMatch(/^no intel-rapl zones under .*class\/powercap/);
    expect(laptop.lines.filter((line) => line.level === 40).map((line) => line.msg)).toEqual([`power: no RAPL energy data: ${first.no_data}`]);
  });
});
