import path from 'node:path';
import type { Config } from '../config.js';
import { createCommandRunner } from '../host/runner.js';
import type { BasicLogger } from '../log.js';
import type { EventLog } from '../status/event-log.js';
import { createDesktopNotifier } from './desktop.js';
import { fileLastIdStore } from './last-id.js';
import { createNotifier } from './notifier.js';
import { createWebhook } from './webhook.js';

// The daemon's own deliveries of status events: the webhook (when configured) and, when the daemon runs
// in the user's session ([notify] desktop = true), desktop notifications. A system service leaves
// desktop notifications to `npu-watch notify` in the user's session.
export function startDaemonNotifications(config: Config, log: BasicLogger, events: EventLog): { close(): Promise<void> } {
  const stops: (() => Promise<void> | void)[] = [];
  const { notify } = config;
  if (notify.webhook_url) {
    const webhook = createWebhook({ url: notify.webhook_url, log, timeoutMs: notify.webhook_timeout_seconds * 1000, retries: notify.webhook_retries });
    const unsubscribe = events.subscribe((event) => webhook.send(event));
    stops.push(() => {
      unsubscribe();
      webhook.close();
    });
  }
  if (notify.desktop) {
    const desktop = createDesktopNotifier({ runner: createCommandRunner({ timeoutMs: 10_000 }), log });
    const notifier = createNotifier({
      show: (event, folded) => desktop.show(event, folded),
      store: fileLastIdStore(path.join(config.state.dir, 'notify-last-id'), log),
      minIntervalMs: notify.min_interval_seconds * 1000,
      log,
    });
    const unsubscribe = events.subscribe((event) => notifier.offer(event));
    stops.push(async () => {
      unsubscribe();
      await notifier.close();
    });
  }
  return {
    async close() {
      for (const stop of stops) await stop();
    },
  };
}
