import { setTimeout as sleep } from 'node:timers/promises';
import type { Config } from '../config.js';
import { systemClock, type Clock } from '../host/clock.js';
import { under } from '../host/paths.js';
import type { BasicLogger } from '../log.js';
import { benchmarkAllowed } from '../power/battery-gate.js';
import { createNoDataNotice } from '../power/no-data-notice.js';
import { discoverRaplZones } from '../power/rapl.js';
import { powerWindow, samplePower } from '../power/sampler.js';
import type { PowerSample, PowerWindow } from '../power/types.js';
import type { DeviceReport } from '../probes/device/types.js';
import type { BenchmarkReport, Stage } from './types.js';
import { isNpu } from './device-names.js';

// Power around one benchmark: the battery gate, an idle baseline just before the worker starts, and
// samples at the start and end of the decode stage (the worker itself never measures power).
export interface BenchmarkPower {
  // null when allowed; otherwise why the benchmark is skipped (on battery below the configured charge).
  gate(): Promise<string | null>;
  // Samples the idle baseline; a stop (the signal) ends its wait at once and leaves no baseline (no power figures).
  baseline(): Promise<void>;
  onStage(stage: Stage, edge: 'start' | 'end'): void;
  // The decode window's power for a finished benchmark; null when there was nothing to read.
  window(report: BenchmarkReport): Promise<PowerWindow | null>;
}

// What the meter may be given: the stop signal (daemon shutdown, Ctrl-C) and the clock samples are timed with.
export interface BenchmarkPowerOptions {
  signal?: AbortSignal;
  clock?: Clock;
}

// Creates the meter for one device's benchmark; sampling errors are logged and leave power null.
export function createBenchmarkPower(
  config: Config,
  hardware: DeviceReport | null,
  device: string,
  log: BasicLogger,
  { signal, clock = systemClock }: BenchmarkPowerOptions = {},
): BenchmarkPower {
  const npu = isNpu(device) ? hardware?.npus[0] : undefined;
  const options = {
    npuDeviceDir: npu ? under(config.paths.sysfs, 'bus/pci/devices', npu.pciAddress) : null,
    onNoData: createNoDataNotice(log),
    // The NPU's own energy (PMT telemetry) only around the NPU's benchmark: on another device it would be idle.
    npuEnergy: isNpu(device),
    onNpuEnergyNoData: createNoDataNotice(log, 'NPU energy (PMT)'),
  };
  const sample = () =>
    samplePower(config.paths, clock, options).catch((error: unknown) => {
      log.warn({ err: error }, `power sample failed: ${(error as Error).message}`);
      return null;
    });
  let baseline: [PowerSample | null, PowerSample | null] = [null, null];
  let decode: [Promise<PowerSample | null> | null, Promise<PowerSample | null> | null] = [null, null];
  return {
    async gate() {
      const now = await sample();
      if (now === null) return null;
      const gate = benchmarkAllowed(now, config.power.battery_min_percent);
      return gate.allowed ? null : gate.reason;
    },
    async baseline() {
      const start = await sample();
      try {
        await sleep(config.power.baseline_seconds * 1000, undefined, { signal });
      } catch (error) {
        if (signal?.aborted) return;
        throw error;
      }
      baseline = [start, await sample()];
    },
    onStage(stage, edge) {
      if (stage !== 'benchmark_decode') return;
      decode = edge === 'start' ? [sample(), null] : [decode[0], sample()];
    },
    async window(report) {
      const [b0, b1] = baseline;
      const [w0, w1] = await Promise.all(decode);
      if (!b0 || !b1 || !w0 || !w1) return null;
      const zones = await discoverRaplZones(config.paths).catch(() => []);
      return powerWindow(b0, b1, w0, w1, report.generated_tokens * report.repetitions, zones);
    },
  };
}
