import type { DeviceVerdict } from '../canary/canary-pass.js';
import { emptyProbeOutcomes, type ProbeOutcomes } from '../probes/registry.js';

// The latest outcome of each probe by name (null until it has run once), and the last canary pass.
export interface ProbePass {
  probes: ProbeOutcomes;
  // The last canary pass: when it started (epoch ms), how long it took, and each runtime × device verdict.
  canaries: { startedAt: number; duration_seconds: number; devices: DeviceVerdict[] } | null;
}

// A pass in which nothing has run yet.
export const emptyProbePass = (): ProbePass => ({ probes: emptyProbeOutcomes(), canaries: null });
