// The laptop battery under <sysfs>/class/power_supply: drawn watts when on battery, and charge.
import { under, type HostPaths } from '../host/paths.js';
import { listDirOrEmpty, readTextOrNull, readValueOrNull } from '../host/read.js';
import { parseBattery, parseSupplyInteger, type BatteryState } from './parse-battery.js';

// The batteries and external supplies combined.
export interface BatteryReading {
  // System batteries found (a wireless mouse's battery, scope "Device", is not one).
  batteries: number;
  // Running on battery: a battery discharges and no mains or USB-C supply is online.
  discharging: boolean;
  // Watts drawn from the batteries while discharging, null otherwise (on AC, no battery, not reported).
  watts: number | null;
  // Mean charge of the batteries in percent, null when none reports it.
  percent: number | null;
}

async function readBatteryState(dir: string): Promise<BatteryState> {
  const read = (name: string) => readTextOrNull(under(dir, name));
  const [status, power_now, current_now, voltage_now, capacity] = await Promise.all([
    read('status'), read('power_now'), read('current_now'), read('voltage_now'), read('capacity'),
  ]);
  return parseBattery({ dir, status, power_now, current_now, voltage_now, capacity });
}

// Whether a Mains or USB supply reports online (1 fixed, 2 programmable).
async function isExternalOnline(dir: string): Promise<boolean> {
  const online = await readTextOrNull(under(dir, 'online'));
  return online !== null && parseSupplyInteger(online, under(dir, 'online')) > 0;
}

// Reads every power supply once; no batteries (a desktop) gives zero batteries and null watts and percent.
export async function readBattery(paths: HostPaths): Promise<BatteryReading> {
  const classDir = under(paths.sysfs, 'class/power_supply');
  const batteries: BatteryState[] = [];
  let external = false;
  for (const entry of await listDirOrEmpty(classDir)) {
    const dir = under(classDir, entry);
    const [type, scope] = await Promise.all([readValueOrNull(under(dir, 'type')), readValueOrNull(under(dir, 'scope'))]);
    if (type === 'Battery' && scope !== 'Device') batteries.push(await readBatteryState(dir));
    else if ((type === 'Mains' || type?.startsWith('USB')) && (await isExternalOnline(dir))) external = true;
  }
  const draining = external ? [] : batteries.filter((battery) => battery.discharging);
  const watts = draining.map((battery) => battery.watts).filter((value): value is number => value !== null);
  const percents = batteries.map((battery) => battery.percent).filter((value): value is number => value !== null);
  return {
    batteries: batteries.length,
    discharging: draining.length > 0,
    watts: watts.length > 0 ? watts.reduce((sum, value) => sum + value, 0) : null,
    percent: percents.length > 0 ? percents.reduce((sum, value) => sum + value, 0) / percents.length : null,
  };
}
