import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eventually, startDaemon, writeFixtureConfig, type RunningDaemon } from '../../helpers/cli.js';
import { commandsWith, materializeHost, type MaterializedHost } from '../../helpers/host-fixture.js';
import { processExists } from '../../helpers/processes.js';

const STAND_IN = fileURLToPath(new URL('../../fixtures/kernel-follow/journalctl', import.meta.url));

// Real lines, each from a fixture that names its source (dmesg's timestamp off: the journal's MESSAGE has none).
function fixtureLines(file: string): string[] {
  const text = fs.readFileSync(new URL(`../../fixtures/${file}`, import.meta.url), 'utf8');
  const body = file.startsWith('known-failures/') ? text.split('\n---\n')[1]! : text;
  return body
    .split('\n')
    .filter((line) => line.trim() !== '' && !line.startsWith('#'))
    .map((line) => line.replace(/^\[\s*[\d.]+\] /, '').replace(/^\S+ kernel: /, ''));
}
// ivpu_pm.c ivpu_pm_recovery_work()'s format string with ivpu_err()'s prefix: composed, not captured.
const RESET = 'intel_vpu 0000:00:0b.0: [drm] *ERROR* ivpu_pm_recovery_work(): Recovering the NPU (reset #1)';
const MMU_FAULT = fixtureLines('known-failures/npu-mmu-translation-fault.txt').at(-1)!;
const FAILED_REQUEST = fixtureLines('kernel-logs/lunar-lake-no-firmware.journal.txt').find((line) => line.includes('Failed to request firmware'))!;
// HH:MM:SS local time, as the diagnosis writes it (the daemon runs in this process's time zone).
const clock = (at: number) => new Date(at).toTimeString().slice(0, 8);
const escape = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');


describe('the daemon follows the kernel log', () => {
  let host: MaterializedHost;
  let daemon: RunningDaemon;
  let feed: string;
  let runsFile: string;
  let cursor = 0;
  // When each line was logged (the last time, for a line appended twice).
  const loggedAt = new Map<string, number>();
  const append = (line: string) => {
    cursor += 1;
    const at = Date.now();
    loggedAt.set(line, at);
    const record = { __CURSOR: `s=daemon;i=${cursor}`, __REALTIME_TIMESTAMP: String(at * 1000), MESSAGE: line };
    fs.appendFileSync(feed, `${JSON.stringify(record)}\n`);
  };

  beforeAll(async () => {
    host = await materializeHost('fedora43-lunarlake');
    feed = path.join(host.root, 'kernel-feed.jsonl');
    runsFile = path.join(host.root, 'kernel-runs.jsonl');
    fs.writeFileSync(feed, '');
    fs.writeFileSync(runsFile, '');
    // journalctl -f is the following stand-in; the inventory's one-shot --dmesg read stays the host's own.
    const bin = await commandsWith(
      host,
      'journalctl',
      `#!/bin/sh\ncase " $* " in\n  *" -f "*) exec '${STAND_IN}' "$@" ;;\n  *) exec '${host.bin}/journalctl' "$@" ;;\nesac\n`,
    );
    const config = await writeFixtureConfig(host.paths, '\n[http]\nlisten = "127.0.0.1:0"\n');
    daemon = await startDaemon(config, { bin, env: { KERNEL_FEED: feed, KERNEL_RUNS: runsFile } });
  });
  afterAll(async () => {
    await daemon?.stop();
    await host?.cleanup();
  });

  it('exports the counts and the firmware load, logs the failures, and ends journalctl when it stops', async () => {
    for (const line of fixtureLines('kernel-logs/arrow-lake-debian-fallback.dmesg.txt')) append(line);
    append(RESET);
    append(MMU_FAULT);
    for (const line of fixtureLines('kernel-logs/lunar-lake-no-firmware.journal.txt')) append(line);

    const scrape = await eventually(async () => {
      const text = await (await fetch(`${daemon.url}/metrics`)).text();
      return text.includes('npuwatch_kernel_events_total{kind="probe_failed"} 1') ? text : undefined;
    }, 'the kernel events on /metrics');
    expect(scrape).toContain('npuwatch_kernel_events_total{kind="npu_reset"} 1');
    expect(scrape).toContain('npuwatch_kernel_events_total{kind="mmu_fault"} 1');
    expect(scrape).toContain('npuwatch_kernel_events_total{kind="firmware_request_failed"} 1');
    expect(scrape).toContain('npuwatch_kernel_events_total{kind="firmware_candidate_missing"} 3');
    expect(scrape).toContain('npuwatch_kernel_firmware_load_info{file="intel/vpu/vpu_37xx_v0.0.bin"');
    await daemon.waitForLine((line) => line.event === 'kernel' && line.kind === 'npu_reset' && line.level === 'warn');
    // After the burst's quiet period: one status event for the reset and the firmware failure that came right
    // after it, told by the burst's first line, on the journal (notice) and in /status.
    const status = await daemon.waitForLine((line) => line.event === 'status' && line.kind === 'kernel_event', 60_000);
    expect(status.msg).toBe('The kernel reset the NPU (reset #1)');
    const report = (await (await fetch(`${daemon.url}/status`)).json()) as {
      status: { recent_events: Array<{ kind: string; detail: { count: number } }> };
      diagnosis: Array<{ id: string; evidence: string[] }>;
    };
    expect(report.status.recent_events.filter((e) => e.kind === 'kernel_event')).toEqual([
      expect.objectContaining({ kind: 'kernel_event', summary: 'The kernel reset the NPU (reset #1)', detail: expect.objectContaining({ kernel_kind: 'npu_reset', count: 2 }) }),
    ]);
    // The diagnosis on /status reads the lines the follower saw live (the inventory's one-shot read has none of them),
    // each quoted with the time it was logged and, once a canary has ended, its distance to that end.
    const evidence = (id: string) => report.diagnosis.find((d) => d.id === id)?.evidence[0];
    const timed = (line: string) =>
      new RegExp(`^kernel: ${escape(line)} at ${clock(loggedAt.get(line)!)}(, (\\d+ s|\\d+ min) (before|after) the NPU canary (passed|failed with .+)|, as the NPU canary (passed|failed with .+))?$`);
    expect(evidence('npu-recovery-after-hang')).toMatch(timed(RESET));
    expect(evidence('npu-mmu-translation-fault')).toMatch(timed(MMU_FAULT));
    expect(evidence('npu-firmware-missing-at-probe')).toMatch(timed(FAILED_REQUEST));
    // The loader's fallback (three misses, then the load) is quoted nowhere.
    expect(report.diagnosis.flatMap((d) => d.evidence).filter((line) => line.includes('failed to load vpu_37xx.bin'))).toEqual([]);

    const [run] = fs.readFileSync(runsFile, 'utf8').split('\n').filter(Boolean).map((l) => JSON.parse(l) as { pid: number });
    expect(processExists(run!.pid)).toBe(true);
    expect(await daemon.stop('SIGTERM')).toEqual({ exitCode: 0, signal: null });
    expect(processExists(run!.pid)).toBe(false);
  });
});
