import { resolveRuntimes, type Runtime } from '../canary/runtimes.js';
import { workerPath } from '../canary/worker-path.js';
import type { Config } from '../config.js';
import type { Clock } from '../host/clock.js';
import { createCommandRunner } from '../host/runner.js';
import type { AppLogger } from '../log.js';
import { kernelLogProbe } from '../probes/inventory/read-kernel-log.js';
import type { KernelLogLine } from '../probes/kernel/kernel-event.js';
import type { ProbePass } from '../report/probe-pass.js';
import { createHostWatcher } from '../watch/host-watcher.js';
import { createHostProbeRunner } from '../watch/probe-setup.js';

export interface OnePassOptions {
  devices: string[];
  benchmark: boolean;
  // SIGINT/SIGTERM: running commands and canary workers are ended and the pass stops where it is.
  signal: AbortSignal;
  clock: Clock;
  // A line for people on each step (check and report print it on a terminal).
  progress: (line: string) => void;
  // Ask the package manager for updates (default true; try-openvino does not: it tests OpenVINO, not the packages).
  updates?: boolean;
}

// What one pass found: every probe, the canaries of every runtime on every device, and this boot's NPU kernel
// lines as they were after the canaries (null: the kernel log could not be read).
export interface OnePass {
  pass: ProbePass;
  runtimes: Runtime[];
  kernelLog: KernelLogLine[] | null;
}

// One pass of every probe and every canary, as `check` and `report --check` run it; null when it was interrupted.
export async function runOnePass(config: Config, log: AppLogger, options: OnePassOptions): Promise<OnePass | null> {
  const { signal, clock, progress, devices, benchmark } = options;
  const runProbe = createHostProbeRunner(config, log, clock, signal);
  const runtimes = await resolveRuntimes(config.runtimes, createCommandRunner({ timeoutMs: config.commands.timeout_seconds * 1000 }), log, signal);
  const watcher = createHostWatcher({ runProbe, log, clock, canary: { config, workerPath: workerPath(), signal, runtimes } });
  progress('npu-watch: reading devices and installed versions…');
  await watcher.runHostProbes();
  if (signal.aborted) return null;
  if (options.updates !== false) {
    progress('npu-watch: asking the package manager for updates (this can take a minute)…');
    await watcher.runUpdates();
    if (signal.aborted) return null;
  }
  const names = runtimes.map((r) => r.name).join(', ');
  progress(`npu-watch: canary${benchmark ? ' and LLM benchmark' : ''} on ${devices.join(', ')} with ${names} (each in its own process, one after another)…`);
  await watcher.runCanaries({ devices, benchmark });
  if (signal.aborted) return null;
  const took = watcher.pass.canaries?.duration_seconds;
  if (took !== undefined) progress(`npu-watch: canary pass took ${took.toFixed(1)} s (${runtimes.length} runtime(s) × ${devices.length} device(s))`);
  // The kernel log again, now that the canaries ran: a job timeout or a reset a canary itself caused is logged
  // after the inventory read it. Not followed: one more read of this boot's log (read-kernel-log-once.ts).
  const kernelLog = await runProbe(kernelLogProbe);
  return { pass: watcher.pass, runtimes, kernelLog: kernelLog.data?.lines ?? null };
}
