import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { parseKernelEvent } from '../../../src/probes/kernel/parse-kernel-event.js';
import { createKernelTrigger } from '../../../src/watch/kernel-trigger.js';

// Lines from ivpu's format strings (drivers/accel/ivpu/ivpu_pm.c ivpu_pm_trigger_recovery() and
// ivpu_pm_recovery_work()) with ivpu_err()'s prefix: composed, not captured. The fallback line is real
// (test/fixtures/kernel-logs/arrow-lake-debian-fallback.dmesg.txt, intel/linux-npu-driver#93).
const event = (line: string) => parseKernelEvent(line)!;
const TRIGGERED = event('intel_vpu 0000:00:0b.0: [drm] *ERROR* ivpu_pm_trigger_recovery(): Recovery triggered by TDR');
const RESET_1 = event('intel_vpu 0000:00:0b.0: [drm] *ERROR* ivpu_pm_recovery_work(): Recovering the NPU (reset #1)');
const RESET_2 = event('intel_vpu 0000:00:0b.0: [drm] *ERROR* ivpu_pm_recovery_work(): Recovering the NPU (reset #2)');
const FALLBACK = event('intel_vpu 0000:00:0b.0: firmware: failed to load vpu_37xx.bin (-2)');

describe('createKernelTrigger', () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  function setUp() {
    const bursts: Array<{ line: string; at: number; count: number; runCanary: boolean }> = [];
    const trigger = createKernelTrigger({
      quietMs: 5_000,
      cooldownMs: 600_000,
      now: () => Date.now(),
      onBurst: (first, at, count, runCanary) => bursts.push({ line: first.line, at, count, runCanary }),
    });
    return { trigger, bursts };
  }

  it('makes one burst of the resets that follow each other, told by the first, once the kernel is quiet', () => {
    const { trigger, bursts } = setUp();
    trigger.event(TRIGGERED, 1);
    trigger.event(RESET_1, 2);
    vi.advanceTimersByTime(4_999);
    trigger.event(RESET_2, 3);
    vi.advanceTimersByTime(4_999);
    expect(bursts).toEqual([]);
    vi.advanceTimersByTime(1);
    expect(bursts).toEqual([{ line: RESET_1.line, at: 2, count: 2, runCanary: true }]);
  });

  it('never triggers on the loader fallback or a recovery that logged no reset', () => {
    const { trigger, bursts } = setUp();
    trigger.event(FALLBACK, 1);
    trigger.event(TRIGGERED, 2);
    vi.advanceTimersByTime(60_000);
    expect(bursts).toEqual([]);
  });

  it('runs at most one canary per cooldown, but tells every burst', () => {
    const { trigger, bursts } = setUp();
    trigger.event(RESET_1, 1);
    vi.advanceTimersByTime(5_000);
    trigger.event(RESET_2, 2);
    vi.advanceTimersByTime(5_000);
    vi.advanceTimersByTime(600_000);
    trigger.event(RESET_1, 3);
    vi.advanceTimersByTime(5_000);
    expect(bursts.map((b) => b.runCanary)).toEqual([true, false, true]);
  });

  it('drops a waiting burst when stopped', () => {
    const { trigger, bursts } = setUp();
    trigger.event(RESET_1, 1);
    trigger.stop();
    vi.advanceTimersByTime(60_000);
    expect(bursts).toEqual([]);
  });
});
