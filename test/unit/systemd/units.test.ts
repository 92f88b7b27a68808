import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { RAPL_READ_GROUP } from '../../../src/power/rapl-access.js';
import { directives, INSTALLED, parseUnit, REPO, shipped } from '../../helpers/systemd-shipped.js';

// What the shipped units say, read as systemd reads them; systemd-analyze's own verdict on them is
// test/integration/systemd/systemd-analyze.test.ts.
const service = parseUnit(shipped('npu-watch.service'));
const notifyUnit = parseUnit(shipped('npu-watch-notify.service'));
const exec = service.Service ?? {};

describe('npu-watch.service', () => {
  it('is Type=notify with the notifications systemd-notify sends accepted, and a watchdog', () => {
    expect(exec.Type).toEqual(['notify']);
    // systemd-notify sends from its own pid, not the main pid.
    expect(exec.NotifyAccess).toEqual(['all']);
    expect(exec.WatchdogSec).toHaveLength(1);
    expect(exec.ExecStart).toEqual([`${INSTALLED.wrapper} run`]);
  });

  it('runs as the static sysusers user whose group the RAPL rules name, in render and systemd-journal', () => {
    const sysusers = directives(shipped('npu-watch.sysusers'));
    expect(sysusers).toEqual([`u ${RAPL_READ_GROUP} - "npu-watch daemon" /var/lib/npu-watch`, `m ${RAPL_READ_GROUP} render`]);
    expect(exec.User).toEqual([RAPL_READ_GROUP]);
    expect(exec.Group).toEqual([RAPL_READ_GROUP]);
    // systemd-journal: the kernel log follower's journalctl may read the system journal.
    expect(exec.SupplementaryGroups).toEqual(['render systemd-journal']);
    expect(exec.DynamicUser).toBeUndefined();
  });

  it('has its state, cache and configuration directories, which the daemon reads from the environment', () => {
    expect(exec.StateDirectory).toEqual(['npu-watch']);
    expect(exec.CacheDirectory).toEqual(['npu-watch']);
    expect(exec.ConfigurationDirectory).toEqual(['npu-watch']);
  });

  it('lets the daemon end its worker first, restarts on failure but not on a bad config', () => {
    expect(exec.KillMode).toEqual(['mixed']);
    expect(exec.Restart).toEqual(['on-failure']);
    expect(exec.RestartPreventExitStatus).toEqual(['78']);
  });

  it('allows the NPU node (char major "accel") and nothing but standard devices otherwise', () => {
    expect(exec.DevicePolicy).toEqual(['closed']);
    expect(exec.DeviceAllow).toContain('char-accel rw');
    expect(exec.PrivateDevices).toBeUndefined();
  });

  it('leaves out what Node or OpenVINO cannot run under', () => {
    expect(exec.MemoryDenyWriteExecute).toBeUndefined();
    const tasksMax = Number(exec.TasksMax?.[0] ?? 'Infinity');
    expect(tasksMax).toBeGreaterThanOrEqual(512);
    expect(exec.ProcSubset).toBeUndefined();
    expect(exec.ProtectKernelTunables).toEqual(['yes']);
    expect(exec.UMask).toEqual(['0077']);
  });
});

describe('npu-watch-notify.service (user unit)', () => {
  it('runs npu-watch notify with the graphical session', () => {
    expect(notifyUnit.Unit?.PartOf).toEqual(['graphical-session.target']);
    expect(notifyUnit.Unit?.After).toEqual(['graphical-session.target']);
    expect(notifyUnit.Install?.WantedBy).toEqual(['graphical-session.target']);
    expect(notifyUnit.Service?.ExecStart).toEqual([`${INSTALLED.wrapper} notify`]);
    expect(notifyUnit.Service?.Restart).toEqual(['on-failure']);
  });
});

describe('the README install section', () => {
  // The README's install section names every path the script installs to.
  const readme = fs.readFileSync(path.join(REPO, 'README.md'), 'utf8');
  const section = readme.split(/^## /m).find((part) => part.startsWith('Install as a service\n'));
  it('names every path the script installs to', () => {
    expect(section, 'README.md has no "## Install as a service" section').toBeDefined();
    for (const target of Object.values(INSTALLED)) expect(section).toContain(target);
    expect(section).toContain('scripts/install-service.sh');
  });
});
