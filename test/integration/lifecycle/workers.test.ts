import fs from 'node:fs';
import fsp from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { startDaemon, writeFixtureConfig, type RunningDaemon } from '../../helpers/cli.js';
import { fakeRuntimeToml, fakeScenario } from '../../helpers/fake-runtime.js';
import { materializeHost, type MaterializedHost } from '../../helpers/host-fixture.js';
import { readProcStat } from '../../helpers/processes.js';
import { waitUntil } from '../../helpers/wait.js';
import { UNIT_STOP_TIMEOUT_SECONDS } from '../../../src/host/stop-timeout.js';

// Workers and their files end with the daemon, however the daemon ends: SIGTERM, SIGHUP or kill -9.
let host: MaterializedHost;
let tmp: string;
const daemons: RunningDaemon[] = [];
beforeAll(async () => {
  host = await materializeHost('fedora43-lunarlake');
});
afterAll(() => host.cleanup());
afterEach(async () => {
  for (const daemon of daemons.splice(0)) await daemon.stop('SIGKILL');
  await fsp.rm(tmp, { recursive: true, force: true });
});

// Whether the process group led by `pgid` still has a member (kill(2) with signal 0 on -pgid).
const groupAlive = (pgid: number): boolean => {
  try {
    process.kill(-pgid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code !== 'ESRCH';
  }
};
const gone = (pid: number) => {
  const stat = readProcStat(pid);
  return stat === null || stat.state === 'Z';
};
const canaryDirs = () => fs.readdirSync(tmp).filter((name) => name.startsWith('npu-watch-canary'));

// A daemon on the fake runtime, its own TMPDIR, whose NPU canary hangs for good once `hung` exists.
async function daemonWithHang(extra = '', killGrace = 1): Promise<{ daemon: RunningDaemon; hung: string }> {
  tmp = await fsp.mkdtemp(path.join(os.tmpdir(), 'npu-watch-tmpdir-'));
  const hung = path.join(tmp, 'hung-pid');
  const { env } = await fakeScenario('hang', { hung_file: hung });
  const toml = fakeRuntimeToml({ devices: ['NPU'] }).replace('kill_grace_seconds = 1', `kill_grace_seconds = ${killGrace}`);
  const config = await writeFixtureConfig(host.paths, `${toml}\n[http]\nlisten = "127.0.0.1:0"\n${extra}`);
  const daemon = await startDaemon(config, { bin: host.bin, env: { ...env, TMPDIR: tmp } });
  daemons.push(daemon);
  await waitUntil(() => fs.existsSync(hung) && fs.readFileSync(hung, 'utf8').endsWith('\n'));
  return { daemon, hung };
}

describe('a hung worker', () => {
  it('kill -9 of the daemon: the worker notices its parent is gone and ends its process group', async () => {
    const { daemon, hung } = await daemonWithHang();
    const worker = Number(fs.readFileSync(hung, 'utf8'));
    expect(gone(worker)).toBe(false);
    await daemon.stop('SIGKILL');
    // No deadline of our own: the test's timeout ends a worker that never goes.
    await waitUntil(() => gone(worker) && !groupAlive(worker));
  });

  it('SIGHUP: a clean stop (exit 0), the worker ended, "stopped" logged', async () => {
    const { daemon, hung } = await daemonWithHang();
    const worker = Number(fs.readFileSync(hung, 'utf8'));
    expect(await daemon.stop('SIGHUP')).toEqual({ exitCode: 0, signal: null });
    expect(groupAlive(worker)).toBe(false);
    expect(daemon.lines().some((line) => line.msg === 'stopped')).toBe(true);
  });

  it('SIGTERM with a long grace: "stopped" only after the group is gone, and the exit within the announced bound', async () => {
    // 8 s: longer than the fixed 5 s the shutdown used to wait for workers.
    const killGrace = 8;
    const { daemon, hung } = await daemonWithHang('', killGrace);
    const worker = Number(fs.readFileSync(hung, 'utf8'));
    const sent = performance.now();
    const exited = daemon.stop('SIGTERM');
    let stoppedWhileGroupAlive = false;
    let done = false;
    void exited.then(() => (done = true));
    // Watch the group while the daemon stops: the "stopped" line must never be there while a member is.
    while (!done) {
      const alive = groupAlive(worker);
      if (alive && daemon.lines().some((line) => line.msg === 'stopped')) stoppedWhileGroupAlive = true;
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
    const seconds = (performance.now() - sent) / 1000;
    expect(await exited).toEqual({ exitCode: 0, signal: null });
    expect(stoppedWhileGroupAlive).toBe(false);
    expect(daemon.lines().some((line) => line.msg === 'stopped')).toBe(true);
    const stopping = daemon.lines().find((line) => typeof line.msg === 'string' && line.msg.startsWith('stopping'));
    const bound = stopping?.within_seconds as number;
    expect(bound).toBeGreaterThan(killGrace);
    expect(bound).toBeLessThan(UNIT_STOP_TIMEOUT_SECONDS);
    expect(seconds).toBeLessThan(bound);
  });
});

describe('canary work dirs', () => {
  it('a hung worker ended at shutdown leaves none behind', async () => {
    const { daemon } = await daemonWithHang();
    expect(await daemon.stop('SIGTERM')).toMatchObject({ exitCode: 0 });
    expect(canaryDirs()).toEqual([]);
  });

  it('a segfault leaves none behind', async () => {
    tmp = await fsp.mkdtemp(path.join(os.tmpdir(), 'npu-watch-tmpdir-'));
    const { env } = await fakeScenario('segfault');
    const config = await writeFixtureConfig(host.paths, `${fakeRuntimeToml({ devices: ['NPU'] })}\n[http]\nlisten = "127.0.0.1:0"\n`);
    const daemon = await startDaemon(config, { bin: host.bin, env: { ...env, TMPDIR: tmp } });
    daemons.push(daemon);
    await daemon.waitForLine((line) => line.device === 'NPU' && line.result === 'compile_crash', 60_000);
    expect(await daemon.stop('SIGTERM')).toMatchObject({ exitCode: 0 });
    expect(canaryDirs()).toEqual([]);
  });

  it('at start, dirs of npu-watch processes that died are removed; a live owner\'s and foreign names stay', async () => {
    tmp = await fsp.mkdtemp(path.join(os.tmpdir(), 'npu-watch-tmpdir-'));
    // 2^22 + 1 is above the kernel's largest pid_max (proc(5), /proc/sys/kernel/pid_max): no process has it.
    const dead = `npu-watch-canary.${2 ** 22 + 1}.abc123`;
    const live = `npu-watch-canary.${process.pid}.def456`;
    const foreign = ['npu-watch-canary-zz9zz9', 'npu-watch-canary.notapid.abc123'];
    for (const name of [dead, live, ...foreign]) await fsp.mkdir(path.join(tmp, name));
    const { env } = await fakeScenario('working');
    const config = await writeFixtureConfig(host.paths, `${fakeRuntimeToml({ devices: ['CPU'] })}\n[http]\nlisten = "127.0.0.1:0"\n`);
    const daemon = await startDaemon(config, { bin: host.bin, env: { ...env, TMPDIR: tmp } });
    daemons.push(daemon);
    expect(await daemon.stop('SIGTERM')).toMatchObject({ exitCode: 0 });
    expect(canaryDirs().sort()).toEqual([live, ...foreign].sort());
  });
});
