import type { Clock } from '../host/clock.js';
import type { BasicLogger } from '../log.js';
import type { ComponentChange } from './component-changes.js';
import { createEventLog, type EventLog } from './event-log.js';
import { rememberObservation } from './remembered-observation.js';
import { componentChangedEvent } from './status-events.js';
import { loadStatusStore, saveStatusStore, type StatusStoreData } from './store.js';
import { transition, unknownStatus } from './transition.js';
import { statusKey, type CanaryObservation, type DeviceStatus, type StatusEvent, type StatusPolicy } from './types.js';

// Reading and writing the persisted status (store.ts; replaceable in tests).
export interface StatusStoreIo {
  load(dir: string, log: BasicLogger, clock: Clock): StatusStoreData;
  save(dir: string, data: StatusStoreData): void;
}

// What a tracker needs: where to persist, the debouncing, the history length, a logger and a clock.
export interface StatusTrackerOptions {
  // The state dir holding status.json.
  dir: string;
  policy: StatusPolicy;
  // How many events to keep (config [status] history).
  capacity: number;
  log: BasicLogger;
  // The time of events that carry no observation time (component changes), and of a corrupt file moved aside.
  clock: Clock;
  store?: StatusStoreIo;
}

// Every device's status and the event log, persisted after each change.
export interface StatusTracker {
  // Feeds one canary pass (one observation per runtime and device) to the machine; returns the new events.
  observe(observations: CanaryObservation[]): StatusEvent[];
  // Records that component versions changed (call it with at least one change).
  componentsChanged(changes: ComponentChange[]): StatusEvent;
  // Records an event the kernel log gave (a reset, a firmware that failed to load or boot).
  kernelEvent(draft: Omit<Extract<StatusEvent, { kind: 'kernel_event' }>, 'id'>): StatusEvent;
  // Each runtime-and-device's current status, keyed "openvino-node/NPU" (types.ts statusKey).
  devices(): Record<string, DeviceStatus>;
  readonly events: EventLog;
}

const fileStore: StatusStoreIo = { load: loadStatusStore, save: saveStatusStore };

// A tracker resumed from `dir`: states, remembered observations and event ids come back from disk,
// so a restart repeats no event. Events are appended (subscribers told) and then persisted in the same
// synchronous turn. A failed save is logged (once until a save succeeds again), never thrown.
export function createStatusTracker(options: StatusTrackerOptions): StatusTracker {
  const { dir, policy, log } = options;
  const store = options.store ?? fileStore;
  const loaded = store.load(dir, log, options.clock);
  const devices: Record<string, DeviceStatus> = { ...loaded.devices };
  const lastObservations: Record<string, CanaryObservation> = { ...loaded.last_observations };
  const events = createEventLog({ nextId: loaded.next_event_id, events: loaded.events }, options.capacity, (error, event) =>
    log.error({ err: error, event_id: event.id }, `a status event listener failed on event ${event.id}`),
  );
  let saveFailing = false;

  const persist = () => {
    const { nextId, events: kept } = events.snapshot();
    try {
      store.save(dir, { version: 2, devices, last_observations: lastObservations, next_event_id: nextId, events: kept });
      if (saveFailing) log.info({ dir }, `status saved to ${dir} again`);
      saveFailing = false;
    } catch (error) {
      if (!saveFailing) log.error({ dir, err: error }, `cannot save the status in ${dir}; a restart may repeat events`);
      saveFailing = true;
    }
  };

  return {
    events,
    observe(observations) {
      const appended: StatusEvent[] = [];
      for (const observation of observations) {
        const key = statusKey(observation.runtime.name, observation.device);
        const before = devices[key] ?? unknownStatus();
        const previous = lastObservations[key] ?? null;
        const step = transition(before, observation, policy, previous);
        devices[key] = step.status;
        const remembered = rememberObservation(previous, observation, step.status);
        if (remembered) lastObservations[key] = remembered;
        for (const draft of step.events) appended.push(events.append(draft));
      }
      persist();
      return appended;
    },
    componentsChanged(changes) {
      const event = events.append(componentChangedEvent(changes, options.clock.now()));
      persist();
      return event;
    },
    kernelEvent(draft) {
      const event = events.append(draft);
      persist();
      return event;
    },
    devices() {
      return structuredClone(devices);
    },
  };
}
