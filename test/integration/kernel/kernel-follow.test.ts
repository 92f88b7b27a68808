import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { defaultHostPaths } from '../../../src/host/paths.js';
import { systemClock } from '../../../src/host/clock.js';
import { createMetrics, type Metrics } from '../../../src/metrics/registry.js';
import { KERNEL_FAILURE_KINDS } from '../../../src/probes/kernel/kernel-event.js';
import { createRecentKernelLines } from '../../../src/probes/kernel/recent-kernel-lines.js';
import { watchKernelLog } from '../../../src/watch/kernel-log-watch.js';
import { logSink } from '../../unit/status/sink.js';
import { waitUntil } from '../../helpers/wait.js';
import { processExists } from '../../helpers/processes.js';

// waitUntil for a check that has to await (prom-client reads metric values asynchronously).
async function waitFor(check: () => Promise<boolean>): Promise<void> {
  while (!(await check())) await new Promise((resolve) => setTimeout(resolve, 10));
}

const STAND_IN = fileURLToPath(new URL('../../fixtures/kernel-follow/journalctl', import.meta.url));

// Real lines, each from a fixture that names its source.
function fixtureLines(file: string): string[] {
  const text = fs.readFileSync(new URL(`../../fixtures/${file}`, import.meta.url), 'utf8');
  const body = file.startsWith('known-failures/') ? text.split('\n---\n')[1]! : text;
  return body.split('\n').filter((line) => line.trim() !== '' && !line.startsWith('#'));
}
// A dmesg line as the journal's MESSAGE has it: without dmesg's timestamp.
const bare = (line: string) => line.replace(/^\[\s*[\d.]+\] /, '');
// A journalctl short-output line as the journal's MESSAGE has it: without "host kernel: ".
const message = (line: string) => line.replace(/^\S+ kernel: /, '');

const FALLBACK = fixtureLines('kernel-logs/arrow-lake-debian-fallback.dmesg.txt').map(bare);
const NO_FIRMWARE = fixtureLines('kernel-logs/lunar-lake-no-firmware.journal.txt').map(message);
const MMU_FAULT = fixtureLines('known-failures/npu-mmu-translation-fault.txt').map(bare).at(-1)!;
// ivpu_pm.c ivpu_pm_recovery_work()'s format string with ivpu_err()'s prefix (known-failures/npu-recovery-after-hang.txt
// keeps the format strings): composed, not captured.
const RESET = 'intel_vpu 0000:00:0b.0: [drm] *ERROR* ivpu_pm_recovery_work(): Recovering the NPU (reset #1)';

interface Run {
  pid: number;
  args: string[];
}

let cleanups: Array<() => Promise<void> | void> = [];
afterEach(async () => {
  for (const cleanup of cleanups.reverse()) await cleanup();
  cleanups = [];
});

function setUp(options: { deny?: boolean; kmsg?: string[]; noJournalctl?: boolean; keep?: number } = {}) {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'npu-watch-kernel-'));
  const feed = path.join(dir, 'feed.jsonl');
  const runsFile = path.join(dir, 'runs.jsonl');
  fs.writeFileSync(feed, '');
  fs.writeFileSync(runsFile, '');
  let cursor = 0;
  const append = (line: string, at = Date.now()) => {
    cursor += 1;
    const record = { __CURSOR: `s=test;i=${cursor}`, __REALTIME_TIMESTAMP: String(at * 1000), _TRANSPORT: 'kernel', MESSAGE: line };
    fs.appendFileSync(feed, `${JSON.stringify(record)}\n`);
  };
  const recent = createRecentKernelLines(options.keep ?? 200);
  const runs = (): Run[] => fs.readFileSync(runsFile, 'utf8').split('\n').filter(Boolean).map((l) => JSON.parse(l) as Run);
  const metrics = createMetrics();
  const { log, lines } = logSink();
  // No kmsg under this dev root: when the journal cannot be used, there is nothing else to read.
  const paths = { ...defaultHostPaths, dev: path.join(dir, 'dev'), procfs: path.join(dir, 'proc') };
  if (options.kmsg) {
    // The kmsg device as a file of records (torvalds/linux Documentation/ABI/testing/dev-kmsg), 100 s after boot.
    fs.mkdirSync(paths.dev);
    fs.mkdirSync(paths.procfs);
    fs.writeFileSync(path.join(paths.procfs, 'uptime'), '100.00 180.00\n');
    const records = options.kmsg.map((line, i) => `3,${i + 1},${(i + 1) * 1_000_000},-;${line}\n`);
    // A line that is no record, at the end: skipped and counted once, however often the file is reopened.
    fs.writeFileSync(path.join(paths.dev, 'kmsg'), `${records.join('')}not a kmsg record\n`);
  }
  const follower = watchKernelLog({
    config: { paths },
    log,
    clock: systemClock,
    metrics,
    recent,
    journalctl: options.noJournalctl ? path.join(dir, 'no-such-journalctl') : STAND_IN,
    env: { ...process.env, KERNEL_FEED: feed, KERNEL_RUNS: runsFile, ...(options.deny ? { KERNEL_DENY: '1' } : {}) },
    backoff: { initialMs: 10, maxMs: 100 },
  });
  cleanups.push(async () => {
    await follower.stop();
    fs.rmSync(dir, { recursive: true, force: true });
  });
  return { append, appendRaw: (text: string) => fs.appendFileSync(feed, text), runs, metrics, lines, follower, recent };
}

async function count(metrics: Metrics, kind: string): Promise<number> {
  const metric = await metrics.kernelEvents.get();
  return metric.values.find((v) => v.labels.kind === kind)?.value ?? 0;
}


describe('following the kernel log through journalctl', () => {
  it('counts a reset, an MMU fault and a firmware failure, and no failure for the loader fallback', async () => {
    const host = setUp();
    for (const line of FALLBACK) host.append(line);
    // A line the journal would never write: skipped and counted, and the lines after it are still read.
    host.appendRaw('{"MESSAGE": "cut off\n');
    host.append(RESET);
    host.append(MMU_FAULT);
    for (const line of NO_FIRMWARE) host.append(line);
    await waitFor(async () => (await count(host.metrics, 'probe_failed')) === 1);

    const text = await host.metrics.registry.metrics();
    expect(text).toContain('npuwatch_kernel_events_total{kind="npu_reset"} 1');
    expect(text).toContain('npuwatch_kernel_events_total{kind="mmu_fault"} 1');
    expect(text).toContain('npuwatch_kernel_events_total{kind="firmware_request_failed"} 1');
    expect(text).toContain('npuwatch_kernel_events_total{kind="firmware_candidate_missing"} 3');
    expect(text).toContain('npuwatch_kernel_events_total{kind="firmware_boot_failed"} 0');
    expect(text).toContain(
      'npuwatch_kernel_firmware_load_info{file="intel/vpu/vpu_37xx_v0.0.bin",version="20250306*MTL_CLIENT_SILICON-release*1130*ci_tag_ud202512_vpu_rc_20250306_1130*5064b5debc3"} 1',
    );
    expect(text).toContain('npuwatch_kernel_log_malformed_lines_total{source="journal"} 1');
    // The journal has each live failure as a warning, the fallback's lines as no warning at all.
    const warned = host.lines.filter((l) => l.level === 'warn' && l.event === 'kernel').map((l) => l.kind);
    expect(warned).toEqual(['npu_reset', 'mmu_fault', 'firmware_request_failed', 'probe_failed']);
  });

  it('keeps the latest NPU lines it read with their journal times for the diagnosis, events or not, and nothing of other drivers', async () => {
    const host = setUp({ keep: 3 });
    expect(host.recent.lines()).toBeNull();
    const at = Date.parse('2026-11-27T10:02:00Z');
    host.append('iwlwifi 0000:00:14.3: Detected Intel(R) Wi-Fi 7 BE201 320MHz, REV=0x520', at);
    NO_FIRMWARE.forEach((line, i) => host.append(line, at + (i + 1) * 1000));
    await waitUntil(() => host.recent.lines()?.length === 3 && host.recent.lines()?.[2]?.event?.kind === 'probe_failed');
    // NO_FIRMWARE: enabling device, Failed to request firmware, NPU not idle during power down, probe failed: the latest 3.
    expect(host.recent.lines()).toEqual([
      { at: at + 2000, line: NO_FIRMWARE[1], event: expect.objectContaining({ kind: 'firmware_request_failed', errno: -2 }) },
      { at: at + 3000, line: NO_FIRMWARE[2], event: null },
      { at: at + 4000, line: NO_FIRMWARE[3], event: expect.objectContaining({ kind: 'probe_failed', errno: -2 }) },
    ]);
  });

  it('shows a fallback-only boot with every failure kind at 0', async () => {
    const host = setUp();
    for (const line of FALLBACK) host.append(line);
    await waitFor(async () => (await count(host.metrics, 'firmware_loaded')) === 1);
    for (const kind of KERNEL_FAILURE_KINDS) expect(await count(host.metrics, kind)).toBe(0);
    expect(host.lines.filter((l) => l.level === 'warn')).toEqual([]);
  });

  it('restarts a killed journalctl after the last record it read, counting nothing twice', async () => {
    const host = setUp();
    host.append(RESET);
    await waitFor(async () => (await count(host.metrics, 'npu_reset')) === 1);
    const [first] = host.runs();
    expect(first!.args).not.toContain('--after-cursor=s=test;i=1');
    process.kill(first!.pid, 'SIGKILL');
    const second = await waitUntil(() => host.runs()[1]);
    expect(second.args).toContain('--after-cursor=s=test;i=1');
    host.append(MMU_FAULT);
    await waitFor(async () => (await count(host.metrics, 'mmu_fault')) === 1);
    expect(await count(host.metrics, 'npu_reset')).toBe(1);
    expect(host.lines.filter((l) => /kernel log follower \(journalctl\) ended \(SIGKILL\); restarting/.test(l.msg))).toHaveLength(1);
  });

  it('ends journalctl when it stops', async () => {
    const host = setUp();
    const run = await waitUntil(() => host.runs()[0]);
    expect(processExists(run.pid)).toBe(true);
    await host.follower.stop();
    await waitUntil(() => !processExists(run.pid));
  });

  it('says in one line that the journal may not be read, ends journalctl, and leaves the metrics without data', async () => {
    const host = setUp({ deny: true });
    const run = await waitUntil(() => host.runs()[0]);
    const notice = await waitUntil(() => host.lines.find((l) => l.level === 'warn'));
    expect(notice.msg).toMatch(/^not following the kernel log: npu-watch's user may not read the system journal \(add it to the systemd-journal group\), and .*kmsg: ENOENT/);
    await waitUntil(() => !processExists(run.pid));
    expect(host.runs()).toHaveLength(1);
    expect(host.lines.filter((l) => l.level === 'warn' || l.level === 'error')).toHaveLength(1);
    const text = await host.metrics.registry.metrics();
    expect(text).not.toMatch(/^npuwatch_kernel_events_total\{/m);
    expect(text).not.toMatch(/^npuwatch_kernel_firmware_load_info\{/m);
  });

  it('reads the kmsg device where there is no journalctl, each record once although the file ends and is reopened', async () => {
    const host = setUp({ noJournalctl: true, kmsg: [RESET, ...FALLBACK] });
    await waitFor(async () => (await count(host.metrics, 'firmware_loaded')) === 1);
    // The file ends where the device would block: it is reopened (with backoff) and nothing counts twice.
    await waitUntil(() => host.lines.filter((l) => /kmsg ended; reopening/.test(l.msg)).length >= 2);
    expect(await count(host.metrics, 'npu_reset')).toBe(1);
    expect(await count(host.metrics, 'firmware_candidate_missing')).toBe(3);
    const text = await host.metrics.registry.metrics();
    expect(text).toContain('npuwatch_kernel_log_malformed_lines_total{source="kmsg"} 1');
    expect(host.lines.find((l) => /^following the kernel log from the kmsg device: journalctl is not installed/.test(l.msg))).toBeDefined();
    // Logged before following began (100 s after boot, the records at 1–8 s): counted, but not news.
    expect(host.lines.filter((l) => l.event === 'kernel')).toEqual([]);
  });
});
