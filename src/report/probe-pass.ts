import type { DeviceVerdict } from '../canary/canary-pass.js';
import type { DeviceReport } from '../probes/device/types.js';
import type { Inventory } from '../probes/inventory/types.js';
import type { ProbeOutcome } from '../probes/types.js';
import type { UpdatesResult } from '../probes/updates/types.js';

// The latest outcome of each host probe; null until that probe has run once.
export interface ProbePass {
  device: ProbeOutcome<DeviceReport> | null;
  inventory: ProbeOutcome<Inventory> | null;
  updates: ProbeOutcome<UpdatesResult> | null;
  // The last canary pass: when it started (epoch ms) and each device's verdict.
  canaries: { startedAt: number; devices: DeviceVerdict[] } | null;
}

export const emptyProbePass = (): ProbePass => ({ device: null, inventory: null, updates: null, canaries: null });
