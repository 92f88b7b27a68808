import type { DeviceReport } from '../probes/device/types.js';
import type { Inventory } from '../probes/inventory/types.js';
import type { ProbeOutcome } from '../probes/types.js';
import type { UpdatesResult } from '../probes/updates/types.js';

// The latest outcome of each host probe; null until that probe has run once.
export interface ProbePass {
  device: ProbeOutcome<DeviceReport> | null;
  inventory: ProbeOutcome<Inventory> | null;
  updates: ProbeOutcome<UpdatesResult> | null;
}

export const emptyProbePass = (): ProbePass => ({ device: null, inventory: null, updates: null });
