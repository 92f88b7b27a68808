// A canary worker stuck in the kernel, for real: a cgroup v1 freezer holds it in uninterruptible sleep ("D" in
// ps), where even SIGKILL stays pending until the cgroup is thawed, as with a worker blocked in the NPU driver.
// Its own module instance of the launcher (one test file), since a stuck worker blocks every later canary.
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import pino from 'pino';
import { afterAll, describe, expect, it } from 'vitest';
import { classifyRun } from '../../../src/canary/classify-run.js';
import { runDeviceCanary } from '../../../src/canary/device-canary.js';
import { DEFAULT_NODE_RUNTIME } from '../../../src/canary/runtimes.js';
import { launchWorker, nodeWorkerCommand, stuckWorkerPid } from '../../../src/canary/launcher.js';
import { parseConfig } from '../../../src/config.js';
import { eventually } from '../../helpers/cli.js';

const WORKER = path.resolve(import.meta.dirname, '../../fixtures/workers/scripted-worker.mjs');
const FREEZER = '/sys/fs/cgroup/freezer';
const freezerUsable = (() => {
  try {
    fs.accessSync(path.join(FREEZER, 'cgroup.procs'), fs.constants.W_OK);
    return true;
  } catch {
    return false;
  }
})();
const group = path.join(FREEZER, `npu-watch-test-${process.pid}`);
const setState = (state: 'FROZEN' | 'THAWED') => fs.writeFileSync(path.join(group, 'freezer.state'), state);
const state = () => fs.readFileSync(path.join(group, 'freezer.state'), 'utf8').trim();
// This test process's own scripted workers.
const workers = () => {
  try {
    return execFileSync('pgrep', ['-P', String(process.pid), '-f', WORKER], { encoding: 'utf8' }).trim().split('\n').map(Number);
  } catch {
    return [];
  }
};
const processState = (pid: number) => execFileSync('ps', ['-o', 'stat=', '-p', String(pid)], { encoding: 'utf8' }).trim();

describe.skipIf(!freezerUsable)('a canary worker that outlives SIGKILL (needs a writable cgroup v1 freezer)', () => {
  afterAll(() => {
    if (!fs.existsSync(group)) return;
    setState('THAWED');
    for (const pid of workers()) process.kill(pid, 'SIGKILL');
    for (let tries = 0; tries < 50 && fs.readFileSync(path.join(group, 'cgroup.procs'), 'utf8').trim() !== ''; tries += 1) execFileSync('sleep', ['0.1']);
    fs.rmdirSync(group);
  });

  it('is reported as such, keeps new canaries from starting while it stays, and they resume once it is gone', async () => {
    fs.mkdirSync(group);
    const config = parseConfig('[canary]\nstage_timeout_seconds = 1\nkill_grace_seconds = 1\n', 'stuck-worker.toml');
    const deps = { config, log: pino({ level: 'silent' }), workerPath: WORKER, runtime: DEFAULT_NODE_RUNTIME, benchmark: false };

    // The worker enters compile and is frozen there, deaf to SIGTERM and SIGKILL alike.
    const run = await launchWorker(
      { runtime_module: 'none', device: 'hang-in-compile', compiler_type: null, benchmark: null },
      {
        command: nodeWorkerCommand(WORKER),
        totalTimeoutMs: 30_000,
        stageTimeoutMs: 500,
        graceMs: 300,
        log: deps.log,
        onStage: (stage, edge) => {
          if (stage !== 'compile' || edge !== 'start') return;
          fs.writeFileSync(path.join(group, 'cgroup.procs'), String(workers()[0]));
          setState('FROZEN');
        },
      },
    );
    const [pid] = workers();
    expect(pid).toBeGreaterThan(0);
    expect(processState(pid!)).toMatch(/^D/);
    expect(run).toMatchObject({ unkillable: true, ended: { reason: 'stage_timeout', stage: 'compile' }, exitCode: null, signal: null });
    const { canary } = classifyRun(run, null);
    expect(canary).toMatchObject({ result: 'timeout', stage: 'compile' });
    expect(canary.message).toContain('did not exit even after SIGKILL');
    expect(stuckWorkerPid()).toBe(pid);

    // While it stays, a canary on any device is skipped with the reason, and no worker is started.
    const blocked = await runDeviceCanary('ok', null, deps);
    expect(blocked.outcome.canary).toMatchObject({ result: 'skipped', message: `a previous canary worker (pid ${pid}) is still stuck in the driver; not starting another` });
    expect(workers()).toEqual([pid]);

    // Thawed, it dies of the SIGKILL it was sent, and canaries run again.
    setState('THAWED');
    await eventually(async () => stuckWorkerPid() === null, 'the stuck worker to be gone');
    expect(state()).toBe('THAWED');
    const resumed = await runDeviceCanary('ok', null, deps);
    expect(resumed.outcome.canary.result).toBe('ok');
    expect(workers()).toEqual([]);
  }, 120_000);
});
