import fs from 'node:fs/promises';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { readBattery } from '../../../src/power/battery.js';
import { materializeHost, type MaterializedHost } from '../../helpers/host-fixture.js';

let hosts: MaterializedHost[] = [];
afterEach(async () => {
  await Promise.all(hosts.map((host) => host.cleanup()));
  hosts = [];
});

async function lunarLake(): Promise<{ host: MaterializedHost; supply: (name: string, file: string, value: string) => Promise<void> }> {
  const host = await materializeHost('fedora43-lunarlake');
  hosts.push(host);
  const supply = async (name: string, file: string, value: string) => {
    const dir = path.join(host.paths.sysfs, 'class/power_supply', name);
    await fs.mkdir(dir, { recursive: true });
    await fs.writeFile(path.join(dir, file), `${value}\n`);
  };
  return { host, supply };
}

describe('readBattery', () => {
  it('reads the seed laptop on battery: BAT0 discharging at 6.843 W, 76 %, AC offline', async () => {
    const { host } = await lunarLake();
    expect(await fs.readlink(path.join(host.paths.sysfs, 'class/power_supply/BAT0'))).toMatch(/PNP0C0A:00\/power_supply\/BAT0$/);
    expect(await readBattery(host.paths)).toEqual({ batteries: 1, discharging: true, watts: 6.843, percent: 76 });
  });

  it('on AC gives null watts even while the battery still says Discharging', async () => {
    const { host, supply } = await lunarLake();
    await supply('AC', 'online', '1');
    expect(await readBattery(host.paths)).toEqual({ batteries: 1, discharging: false, watts: null, percent: 76 });
  });

  it('counts a USB-C charger as external power', async () => {
    const { host, supply } = await lunarLake();
    await supply('ucsi-source-psy-USBC000:001', 'type', 'USB');
    await supply('ucsi-source-psy-USBC000:001', 'online', '1');
    expect((await readBattery(host.paths)).discharging).toBe(false);
  });

  it('uses current_now × voltage_now where the gauge reports current, and ignores a mouse battery', async () => {
    const { host, supply } = await lunarLake();
    await fs.rm(path.join(host.paths.sysfs, 'class/power_supply/BAT0/power_now'));
    await supply('BAT0', 'current_now', '500000');
    await supply('hidpp_battery_0', 'type', 'Battery');
    await supply('hidpp_battery_0', 'scope', 'Device');
    await supply('hidpp_battery_0', 'status', 'Discharging');
    await supply('hidpp_battery_0', 'capacity', '5');
    const reading = await readBattery(host.paths);
    expect(reading.watts).toBeCloseTo(0.5 * 16.452, 10);
    expect(reading).toMatchObject({ batteries: 1, discharging: true, percent: 76 });
  });

  it('finds nothing on a desktop', async () => {
    const { host } = await lunarLake();
    await fs.rm(path.join(host.paths.sysfs, 'class/power_supply'), { recursive: true });
    expect(await readBattery(host.paths)).toEqual({ batteries: 0, discharging: false, watts: null, percent: null });
  });

  it('throws naming the file when capacity is garbage', async () => {
    const { host, supply } = await lunarLake();
    await supply('BAT0', 'capacity', 'lots');
    await expect(readBattery(host.paths)).rejects.toThrow(
      `${path.join(host.paths.sysfs, 'class/power_supply/BAT0')}/capacity: expected an integer, got "lots\\n"`,
    );
  });
});
