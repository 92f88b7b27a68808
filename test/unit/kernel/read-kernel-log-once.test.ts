import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { readKernelLogOnce } from '../../../src/probes/kernel/read-kernel-log-once.js';
import { journalRecords } from '../../helpers/kernel-journal.js';
import { hostPaths, makeToolsDir, probeContextFor } from '../../helpers/probe-context.js';

// Real lines: intel/linux-npu-driver#93 (test/fixtures/kernel-logs/arrow-lake-debian-fallback.dmesg.txt, dmesg's
// timestamps off) and a line of another driver from the Fedora host's captured log.
const FALLBACK = [
  'intel_vpu 0000:00:0b.0: enabling device (0000 -> 0002)',
  'intel_vpu 0000:00:0b.0: firmware: failed to load vpu_37xx.bin (-2)',
  'intel_vpu 0000:00:0b.0: [drm] Firmware: intel/vpu/vpu_37xx_v0.0.bin, version: 20250306*MTL_CLIENT_SILICON-release*1130*ci_tag_ud202512_vpu_rc_20250306_1130*5064b5debc3',
];
const OTHER_DRIVER = 'iwlwifi 0000:00:14.3: Detected Intel(R) Wi-Fi 7 BE201 320MHz, REV=0x520';
const AT = Date.parse('2026-11-27T10:02:00Z');

const dirs: string[] = [];
afterEach(() => {
  for (const dir of dirs.splice(0)) fs.rmSync(dir, { recursive: true, force: true });
});

// A host root with a bin/journalctl that runs `script`, and optionally a kmsg device (a file of records, as
// torvalds/linux Documentation/ABI/testing/dev-kmsg describes them) 100 s after boot.
function host(script: string | null, kmsg?: string[]) {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'npu-watch-kernel-once-'));
  dirs.push(root);
  const bin = path.join(root, 'bin');
  fs.mkdirSync(bin);
  if (script !== null) fs.writeFileSync(path.join(bin, 'journalctl'), `#!/bin/sh\n${script}\n`, { mode: 0o755 });
  const paths = hostPaths(root);
  if (kmsg) {
    fs.mkdirSync(paths.dev);
    fs.mkdirSync(paths.procfs);
    fs.writeFileSync(path.join(paths.procfs, 'uptime'), '100.00 180.00\n');
    fs.writeFileSync(path.join(paths.dev, 'kmsg'), kmsg.map((line, i) => `6,${i + 1},${(i + 1) * 1_000_000},-;${line}\n SUBSYSTEM=pci\n`).join(''));
  }
  return { root, bin, paths };
}

describe("check's one-shot read of this boot's kernel log", () => {
  it('reads the journal as JSON records: the NPU lines with their times and events, nothing of other drivers', async () => {
    const records = journalRecords([FALLBACK[0]!, OTHER_DRIVER, FALLBACK[1]!, FALLBACK[2]!], AT);
    const { bin, paths } = host(`cat <<'END'\n${records.join('\n')}\n-- No entries --\nEND`);
    const { ctx, commands } = probeContextFor(paths, { PATH: { prepend: bin } });
    const read = await readKernelLogOnce(ctx);
    expect(commands).toEqual(['journalctl --dmesg --boot=0 --output=json --output-fields=MESSAGE --lines=20000 --all --no-pager']);
    expect(read.source).toBe('journal');
    expect(read.lines).toEqual([
      { at: AT, line: FALLBACK[0], event: null },
      { at: AT + 2000, line: FALLBACK[1], event: expect.objectContaining({ kind: 'firmware_candidate_missing', file: 'vpu_37xx.bin', errno: -2 }) },
      { at: AT + 3000, line: FALLBACK[2], event: expect.objectContaining({ kind: 'firmware_loaded', file: 'intel/vpu/vpu_37xx_v0.0.bin' }) },
    ]);
  });

  it('keeps the latest 200 NPU lines of a long boot', async () => {
    const many = Array.from({ length: 250 }, (_, i) => `intel_vpu 0000:00:0b.0: [drm] *ERROR* ivpu_pm_recovery_work(): Recovering the NPU (reset #${i + 1})`);
    const file = path.join(host(null).root, 'records.jsonl');
    fs.writeFileSync(file, `${journalRecords(many, AT).join('\n')}\n`);
    const { bin, paths } = host(`cat '${file}'`);
    const read = await readKernelLogOnce(probeContextFor(paths, { PATH: { prepend: bin } }).ctx);
    expect(read.lines).toHaveLength(200);
    expect(read.lines?.[0]?.event?.reset).toBe(51);
    expect(read.lines?.at(-1)?.event?.reset).toBe(250);
  });

  it('reads the kmsg device when the user may not read the journal, with times from the uptime', async () => {
    // journalctl's notice for a user outside the journal's groups (systemd, journalctl-util.c
    // access_check_var_log_journal()), on stderr, and exit 0 with nothing on stdout.
    const hint = "Hint: You are currently not seeing messages from other users and the system.\\n      Users in groups 'adm', 'systemd-journal' can see all messages.";
    const { bin, paths } = host(`printf "${hint}\\n" >&2\nexit 0`, [OTHER_DRIVER, FALLBACK[2]!]);
    const { ctx, logs } = probeContextFor(paths, { PATH: { prepend: bin } });
    const before = Date.now();
    const read = await readKernelLogOnce(ctx);
    expect(read.source).toBe('kmsg');
    expect(read.lines).toHaveLength(1);
    expect(read.lines![0]).toMatchObject({ line: FALLBACK[2], event: { kind: 'firmware_loaded' } });
    // Logged 2 s after a boot 100 s before now.
    expect(read.lines![0]!.at).toBeGreaterThanOrEqual(before - 98_000);
    expect(read.lines![0]!.at).toBeLessThanOrEqual(Date.now() - 98_000);
    expect(logs.filter((line) => line.event === 'kernel_log').map((line) => line.msg)).toEqual([
      "kernel log read from the kmsg device: npu-watch's user may not read the system journal (add it to the systemd-journal group)",
    ]);
  });

  it('without journalctl and without kmsg: no lines, and one log line that says why', async () => {
    const { paths } = host(null);
    const tools = await makeToolsDir();
    dirs.push(tools);
    const { ctx, logs } = probeContextFor(paths, { PATH: { only: [tools] } });
    expect(await readKernelLogOnce(ctx)).toEqual({ source: null, lines: null });
    const said = logs.filter((line) => line.event === 'kernel_log');
    expect(said).toHaveLength(1);
    expect(said[0]).toMatchObject({ level: 40 });
    expect(said[0]!.msg).toBe(`kernel log not read: journalctl is not installed, and ${paths.dev}/kmsg: ENOENT; no kernel evidence in the diagnosis`);
  });
});
