import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { KERNEL_FAILURE_KINDS } from '../../../src/probes/kernel/kernel-event.js';
import { parseKernelEvent } from '../../../src/probes/kernel/parse-kernel-event.js';
import { fixtureOutputPath } from '../../helpers/probe-context.js';

// Real kernel logs posted in public threads (each file names its source); the # header lines are not kernel lines.
function postedLines(name: string): string[] {
  const text = readFileSync(new URL(`../../fixtures/kernel-logs/${name}`, import.meta.url), 'utf8');
  return text.split('\n').filter((line) => line !== '' && !line.startsWith('#'));
}

// The kernel lines of a known-failures fixture (below its --- line; each file names its source).
function knownFailureLines(name: string): string[] {
  const text = readFileSync(new URL(`../../fixtures/known-failures/${name}`, import.meta.url), 'utf8');
  return text.split('\n---\n')[1]!.split('\n').filter((line) => line.trim() !== '');
}

const kinds = (lines: string[]) => lines.map((line) => parseKernelEvent(line)?.kind ?? null);

describe('parseKernelEvent on posted kernel logs', () => {
  it('reads the Debian loader fallback as missing candidates then a load, none of them a failure (linux-npu-driver#93)', () => {
    const events = postedLines('arrow-lake-debian-fallback.dmesg.txt').map(parseKernelEvent);
    expect(events.map((e) => e?.kind ?? null)).toEqual([
      null,
      'firmware_candidate_missing',
      'firmware_candidate_missing',
      'firmware_candidate_missing',
      'firmware_loaded',
      null,
    ]);
    expect(events[1]).toMatchObject({ device: '0000:00:0b.0', file: 'vpu_37xx.bin', errno: -2 });
    expect(events[4]).toMatchObject({
      file: 'intel/vpu/vpu_37xx_v0.0.bin',
      version: '20250306*MTL_CLIENT_SILICON-release*1130*ci_tag_ud202512_vpu_rc_20250306_1130*5064b5debc3',
    });
    expect(events.filter((e) => e !== null && KERNEL_FAILURE_KINDS.has(e.kind))).toEqual([]);
  });

  it('reads a missing firmware as a failed request and a failed probe, from journalctl short output', () => {
    const events = postedLines('lunar-lake-no-firmware.journal.txt').map(parseKernelEvent);
    expect(events.map((e) => e?.kind ?? null)).toEqual([null, 'firmware_request_failed', null, 'probe_failed']);
    expect(events[1]).toMatchObject({ errno: -2, device: '0000:00:0b.0' });
    expect(events[3]).toMatchObject({ errno: -2, device: '0000:00:0b.0' });
  });

  it("reads an older kernel's probe failure once, by the driver core's older wording (linux-npu-driver#31)", () => {
    expect(kinds(postedLines('meteor-lake-old-kernel-no-firmware.dmesg.txt'))).toEqual([
      null,
      'firmware_request_failed',
      null,
      null,
      'probe_failed',
    ]);
  });

  it('keeps a version with spaces whole, and both loads of a boot that loaded twice', () => {
    const loads = postedLines('lunar-lake-reloaded.dmesg.txt').map(parseKernelEvent).filter((e) => e !== null);
    expect(loads.map((e) => [e.kind, e.version])).toEqual([
      ['firmware_loaded', 'Jul 23 2025*NPU40xx*build/ci/npu-fw-ci-main-20250721_233537-27032-2-g52e7ebee50a*52e7ebee50a93a07d14a1f162226cd55ad3999f0'],
      ['firmware_loaded', 'Mar  6 2025*NPU40xx*ci_tag_ud202512_vpu_rc_20250306_1130*5064b5debc377e1c4b74f69dc14e2e536dba393d'],
    ]);
  });

  it('reads the MMU translation fault of the dri-devel report (and nothing else of its IPC lines)', () => {
    const lines = knownFailureLines('npu-mmu-translation-fault.txt');
    const events = lines.map(parseKernelEvent);
    expect(events.map((e) => e?.kind ?? null)).toEqual([null, null, null, null, null, 'mmu_fault']);
    expect(events[5]).toMatchObject({ reason: '0x10 (Translation fault)', device: '0000:00:0b.0' });
  });

  it("finds no NPU event among other drivers' firmware lines on the fixture hosts", () => {
    for (const host of ['no-npu', 'ubuntu2404-meteorlake', 'fedora43-lunarlake']) {
      const lines = readFileSync(fixtureOutputPath(host, 'journalctl-dmesg.txt'), 'utf8').split('\n');
      const found = lines.map(parseKernelEvent).filter((e) => e !== null);
      expect(found.every((e) => e.kind === 'firmware_loaded')).toBe(true);
    }
  });
});

// Lines written from the kernel's format strings (torvalds/linux drivers/accel/ivpu; the function is named in
// each), with the prefix ivpu_err() gives them (ivpu_drv.h: drm_err() → `intel_vpu <pci>: [drm] *ERROR* <func>(): `):
// composed for these tests, not captured.
const fromFormat = (func: string, message: string) => `intel_vpu 0000:00:0b.0: [drm] *ERROR* ${func}(): ${message}`;

describe('parseKernelEvent on the format strings of ivpu', () => {
  it.each([
    // ivpu_pm.c ivpu_pm_recovery_work(): "Recovering the NPU (reset #%d)\n", older "Recovering the VPU (reset #%d)\n".
    [fromFormat('ivpu_pm_recovery_work', 'Recovering the NPU (reset #1)'), { kind: 'npu_reset', reset: 1 }],
    [fromFormat('ivpu_pm_recovery_work', 'Recovering the VPU (reset #0)'), { kind: 'npu_reset', reset: 0 }],
    // ivpu_pm.c ivpu_pm_trigger_recovery(): "Recovery triggered by %s\n".
    [fromFormat('ivpu_pm_trigger_recovery', 'Recovery triggered by TDR'), { kind: 'recovery_triggered', reason: 'TDR' }],
    // ivpu_pm.c ivpu_job_timeout_work(): the heartbeat messages, and the older "TDR detected, timeout %lu ms".
    [fromFormat('ivpu_job_timeout_work', 'Job timeout detected, heartbeat not progressed'), { kind: 'job_timeout' }],
    [fromFormat('ivpu_job_timeout_work', 'Job timeout detected, heartbeat limit (3) exceeded'), { kind: 'job_timeout' }],
    [fromFormat('ivpu_job_timeout_work', 'TDR detected, timeout 2000 ms'), { kind: 'job_timeout', reason: 'TDR detected, timeout 2000 ms' }],
    // ivpu_drv.c ivpu_boot(): "Failed to boot the firmware: %d\n".
    [fromFormat('ivpu_boot', 'Failed to boot the firmware: -110'), { kind: 'firmware_boot_failed', errno: -110 }],
    // drivers/base/dd.c call_driver_probe(): "probe with driver %s failed with error %d\n" (dev_err).
    ['intel_vpu 0000:00:0b.0: probe with driver intel_vpu failed with error -110', { kind: 'probe_failed', errno: -110 }],
  ])('%s', (line, expected) => {
    expect(parseKernelEvent(line)).toMatchObject({ ...expected, line, device: '0000:00:0b.0' });
  });

  it('matches behind a dmesg timestamp and keeps the line as logged, without its CR', () => {
    const line = `[ 3698.57] ${fromFormat('ivpu_pm_recovery_work', 'Recovering the NPU (reset #2)')}`;
    expect(parseKernelEvent(`${line}\r`)).toMatchObject({ kind: 'npu_reset', reset: 2, line });
  });

  it("ignores the same words from another driver, and a non-NPU firmware the loader could not find", () => {
    expect(parseKernelEvent('amdgpu 0000:03:00.0: amdgpu: Failed to boot the firmware: -110')).toBeNull();
    // drivers/base/firmware_loader/main.c: "Direct firmware load for %s failed with error %d".
    expect(parseKernelEvent('iwlwifi 0000:00:14.3: Direct firmware load for iwlwifi-bz-b0-fm-c0-94.ucode failed with error -2')).toBeNull();
    expect(parseKernelEvent('intel_vpu 0000:00:0b.0: Direct firmware load for intel/vpu/vpu_40xx_v1.bin failed with error -2')).toMatchObject({
      kind: 'firmware_candidate_missing',
      file: 'intel/vpu/vpu_40xx_v1.bin',
    });
  });
});
