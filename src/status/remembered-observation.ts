import type { CanaryObservation, DeviceStatus } from './types.js';

// What the machine keeps of a device's last observation, to compare the next one with (pure):
// - a skipped canary is forgotten (the one before it stays);
// - during a pass streak that has not yet made the device working, the components stay those from
//   before the streak, so "started working" names the versions that changed since it last failed;
// - a run without a benchmark keeps the last measured tok/s while the device stays working, so that
//   "slower than expected" is neither entered nor left by a run that did not measure.
// `status` is the device's status after the observation.
export function rememberObservation(
  previous: CanaryObservation | null,
  observation: CanaryObservation,
  status: DeviceStatus,
): CanaryObservation | null {
  if (observation.result === 'skipped') return previous;
  const unconfirmedPass = observation.working && status.state !== 'working';
  const components = unconfirmedPass && previous ? previous.components : observation.components;
  const carried = status.state === 'working' ? (previous?.tokens_per_second ?? null) : null;
  return { ...observation, components, tokens_per_second: observation.tokens_per_second ?? carried };
}
