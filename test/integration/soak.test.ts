import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';

// The short soak: bench/soak.mjs's cycles (the built launcher and worker, the fake runtime's scenario mix:
// SIGABRT, SIGSEGV, a hang ended by SIGKILL, Level Zero errors, wrong output, a missing device, passes) in this
// test process, as a regression check. The 1,000-cycle run is `node --expose-gc bench/soak.mjs`.
interface Figures {
  cycles: number;
  correct_cycles: number;
  wrong_warmup_cycles: number;
  failures: unknown[];
  workers_launched: number;
  leaked_processes: number;
  leaked: { children: unknown[]; marked: unknown[]; pgrep_new_worker_pids: number[] | null };
  cycles_leaving_a_child: number;
  lingering: unknown[];
  stuck_worker_pid: number | null;
  leaked_fds: number;
  new_fds: unknown[];
  rss_growth_mb: number;
  launcher_warnings: number;
  launcher_errors: number;
  soak_seconds: number;
}
interface Soak {
  main(options: Record<string, unknown>): Promise<Figures>;
}

// A computed specifier: the bench is plain JavaScript without declarations, typed here by Soak.
const SOAK = pathToFileURL(path.resolve(import.meta.dirname, '../../bench/soak.mjs')).href;

describe('soak: canary cycles over the fake runtime scenario mix', () => {
  it('50 cycles: every result correct, no process or fd left behind, RSS flat', async () => {
    const soak = (await import(SOAK)) as Soak;
    const lines: string[] = [];
    // 10 warm-up + 50 cycles are three rounds of the 20-cycle mix: three hangs, each three workers ended at the
    // 1 s stage limit plus 0.2 s grace (about 8 s in all); the other 57 cycles take 0.1–0.6 s each; the two
    // memory settles add 8 s: about 35 s on 2 cores.
    const figures = await soak.main({ cycles: 50, warmup: 10, progressEvery: 0, settleMs: 500, targetRssGrowthMb: 15, log: (line: string) => lines.push(line) });
    const report = lines.join('\n');

    expect(figures.failures, report).toEqual([]);
    expect(figures.correct_cycles).toBe(50);
    expect(figures.wrong_warmup_cycles).toBe(0);
    // 3 rounds × 46 workers (an NPU canary runs the default configuration, then DRIVER and PLUGIN forced).
    expect(figures.workers_launched).toBe(138);
    // Each hang's three workers (the default configuration, DRIVER, PLUGIN) were ended by the launcher (a warning
    // each); none survived SIGKILL.
    expect(figures.launcher_warnings).toBe(9);
    expect(figures.launcher_errors).toBe(0);

    // Processes: nothing of ours after any cycle, and at the end neither a child of this process nor anything
    // carrying the soak's environment mark (workers and whatever they started, even re-parented). The
    // system-wide `pgrep -f …/dist/canary/worker.js` count is in the report but not asserted: another test
    // run on the machine may have workers of its own.
    expect(figures.lingering, report).toEqual([]);
    expect(figures.leaked.children, report).toEqual([]);
    expect(figures.leaked.marked, report).toEqual([]);
    expect(figures.leaked_processes).toBe(0);
    expect(figures.stuck_worker_pid).toBeNull();

    // File descriptors: as many as after the warm-up (Node opens a few lazily on its first child process).
    expect(figures.new_fds, report).toEqual([]);
    expect(figures.leaked_fds).toBe(0);

    // RSS is the whole process's: here it includes vitest's own runner and module graph, and 10 warm-up cycles
    // leave JIT code and heap less settled than the long soak's 50, so the bound is looser than the bench's
    // 10 MB over 1,000 cycles. What this catches is a gross leak: 300 KB per cycle or more.
    expect(figures.rss_growth_mb, report).toBeLessThanOrEqual(15);
  }, 120_000);
});
