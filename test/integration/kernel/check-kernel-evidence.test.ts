// `npu-watch check` reads this boot's kernel log once (journalctl --output=json, no -f) and its diagnosis quotes the
// NPU driver's lines with the time each was logged and how long before the canary ended.
import fs from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CheckReport } from '../../../src/report/check-report.js';
import { runCli, writeFixtureConfig } from '../../helpers/cli.js';
import { fakeRuntimeToml } from '../../helpers/fake-runtime.js';
import { commandsWith, materializeHost, type MaterializedHost } from '../../helpers/host-fixture.js';
import { journalMessage, journalRecords, oneShotJournal } from '../../helpers/kernel-journal.js';

// Real lines, each from a fixture that names its source, as the journal's MESSAGE has them.
function fixtureLines(file: string): string[] {
  const text = fs.readFileSync(new URL(`../../fixtures/${file}`, import.meta.url), 'utf8');
  const body = file.startsWith('known-failures/') ? text.split('\n---\n')[1]! : text;
  return body.split('\n').filter((line) => line.trim() !== '' && !line.startsWith('#')).map(journalMessage);
}
const FALLBACK = fixtureLines('kernel-logs/arrow-lake-debian-fallback.dmesg.txt');
const NO_FIRMWARE = fixtureLines('kernel-logs/lunar-lake-no-firmware.journal.txt');
const MMU_FAULT = fixtureLines('known-failures/npu-mmu-translation-fault.txt').at(-1)!;
// ivpu_pm.c ivpu_pm_recovery_work()'s format string with ivpu_err()'s prefix (known-failures/npu-recovery-after-hang.txt
// keeps the format strings): composed, not captured.
const RESET = 'intel_vpu 0000:00:0b.0: [drm] *ERROR* ivpu_pm_recovery_work(): Recovering the NPU (reset #1)';

// HH:MM:SS local time, as the diagnosis writes it (the CLI runs in this process's time zone).
const clock = (at: number) => new Date(at).toTimeString().slice(0, 8);

let host: MaterializedHost;
let config: string;
beforeAll(async () => {
  host = await materializeHost('fedora43-lunarlake');
  // The fake runtime's default scenario: every device passes.
  config = await writeFixtureConfig(host.paths, fakeRuntimeToml());
});
afterAll(async () => {
  await host?.cleanup();
});

async function checkWith(lines: string[], startAt: number): Promise<CheckReport> {
  const bin = await oneShotJournal(host, journalRecords(lines, startAt));
  const result = await runCli(['check', '--json', '--no-benchmark', '--config', config, '--device', 'NPU', '--device', 'CPU'], { bin });
  expect(result.stderr, 'check wrote to stderr').toBe('');
  return JSON.parse(result.stdout) as CheckReport;
}

describe('check reads the kernel log once and quotes it with times', () => {
  it('a reset, an MMU fault and a firmware failure: each evidence line has its time and its distance to the canary', async () => {
    // Logged from 30 s ago, one line a second: the fallback and its load, the reset, the fault, then a failed probe
    // (the distances stay under the 120 s from which the diagnosis writes minutes).
    const lines = [...FALLBACK, RESET, MMU_FAULT, ...NO_FIRMWARE];
    const startAt = Math.floor((Date.now() - 30_000) / 1000) * 1000;
    const at = (line: string) => startAt + lines.indexOf(line) * 1000;
    const report = await checkWith(lines, startAt);

    const npu = report.devices.find((d) => d.device === 'NPU')!;
    expect(npu.canary?.result).toBe('ok');
    const finished = Date.parse(npu.canary!.finished_at!);
    const before = (line: string) => `${Math.floor((finished - at(line)) / 1000)} s before the NPU canary passed`;
    const evidence = (id: string) => report.diagnosis.find((d) => d.id === id)?.evidence[0];
    expect(evidence('npu-recovery-after-hang')).toBe(`kernel: ${RESET} at ${clock(at(RESET))}, ${before(RESET)}`);
    expect(evidence('npu-mmu-translation-fault')).toBe(`kernel: ${MMU_FAULT} at ${clock(at(MMU_FAULT))}, ${before(MMU_FAULT)}`);
    const failedRequest = NO_FIRMWARE.find((line) => line.includes('Failed to request firmware'))!;
    expect(evidence('npu-firmware-missing-at-probe')).toBe(`kernel: ${failedRequest} at ${clock(at(failedRequest))}, ${before(failedRequest)}`);
    // The loader's fallback is quoted nowhere.
    expect(report.diagnosis.flatMap((d) => d.evidence).filter((line) => line.includes('failed to load vpu_37xx.bin'))).toEqual([]);
  });

  it("the loader's fallback followed by a load is no failure", async () => {
    const report = await checkWith(FALLBACK, Date.now() - 60_000);
    expect(report.diagnosis.filter((d) => d.evidence.some((line) => line.startsWith('kernel: ')))).toEqual([]);
    // The firmware the kernel loaded, from the fallback's last line, over the host's own captured loads.
    expect(report.components.find((c) => c.component === 'npu-firmware')).toMatchObject({ detail: 'intel/vpu/vpu_37xx_v0.0.bin', source: 'kernel-log' });
  });

  it('a reset logged while the canary ran (after the inventory read the log) is in the evidence', async () => {
    // journalctl that has the reset from its second read on: the first is the inventory's, before the canaries.
    const reads = `${host.root}/journal-reads-${Date.now()}`;
    const record = journalRecords([RESET], Date.now())[0]!;
    const bin = await commandsWith(
      host,
      'journalctl',
      `#!/bin/sh\necho read >> '${reads}'\ncat '${host.root}/outputs/journalctl-dmesg.json'\n` +
        `[ "$(wc -l < '${reads}')" -ge 2 ] && printf '%s\\n' '${record}'\nexit 0\n`,
    );
    const result = await runCli(['check', '--json', '--no-benchmark', '--config', config, '--device', 'NPU'], { bin });
    const report = JSON.parse(result.stdout) as CheckReport;
    expect(fs.readFileSync(reads, 'utf8').trim().split('\n')).toHaveLength(2);
    expect(report.diagnosis.find((d) => d.id === 'npu-recovery-after-hang')?.evidence[0]).toContain(`kernel: ${RESET} at `);
  });
});
