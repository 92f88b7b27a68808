import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { execa } from 'execa';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { INSTALLED, runInstall, shipped, SYSTEMD_DIR } from '../../helpers/systemd-shipped.js';

// The shipped units through systemd's own tools (systemd-analyze verify and security); what the units say
// line by line is test/unit/systemd/units.test.ts.

// The overall exposure `systemd-analyze security` prints, e.g. "→ Overall exposure level for x.service: 1.9 OK 🙂".
function overallExposure(output: string): number | null {
  const match = /Overall exposure level for \S+: (\d+(?:\.\d+)?)/.exec(output);
  return match ? Number(match[1]) : null;
}

describe('systemd-analyze verify', () => {
  // The units name /usr/local/bin/npu-watch, which verify requires to exist. The install script stages the real
  // layout into a temporary root; a private mount namespace (unshare, as root) shows that root's /usr/local in
  // place of the host's, so verify sees the installed units and wrapper exactly where a real install puts them,
  // while the rest of the system (the targets the units order against) is the host's own.
  let root: string;
  let runtimeDir: string;
  beforeAll(async () => {
    root = fs.mkdtempSync(path.join(os.tmpdir(), 'npu-watch-verify-'));
    runtimeDir = fs.mkdtempSync(path.join(os.tmpdir(), 'npu-watch-xdg-'));
    const install = await runInstall(['--root', root, '--no-deps']);
    expect(install.exitCode, install.stderr).toBe(0);
  });
  afterAll(() => {
    fs.rmSync(root, { recursive: true, force: true });
    fs.rmSync(runtimeDir, { recursive: true, force: true });
  });

  const verifyInstalled = (args: string) =>
    execa('unshare', ['--mount', 'sh', '-c', `mount --bind "$1/usr/local" /usr/local && ${args}`, 'sh', root], {
      reject: false,
      env: { ...process.env, XDG_RUNTIME_DIR: runtimeDir, SYSTEMD_PAGER: '', SYSTEMD_COLORS: '0' },
    });

  it('passes the system unit with empty stderr', async () => {
    const result = await verifyInstalled(`systemd-analyze verify ${INSTALLED.systemUnit}`);
    expect(result.stderr).toBe('');
    expect(result.stdout).toBe('');
    expect(result.exitCode).toBe(0);
  });

  it('passes the user unit (as a user unit) with empty stderr', async () => {
    const result = await verifyInstalled(`systemd-analyze --user verify ${INSTALLED.userUnit}`);
    expect(result.stderr).toBe('');
    expect(result.stdout).toBe('');
    expect(result.exitCode).toBe(0);
  });

  it('verifies what is shipped: the installed units are the files in systemd/', () => {
    expect(fs.readFileSync(path.join(root, INSTALLED.systemUnit), 'utf8')).toBe(shipped('npu-watch.service'));
    expect(fs.readFileSync(path.join(root, INSTALLED.userUnit), 'utf8')).toBe(shipped('npu-watch-notify.service'));
  });

  it('fails a broken unit, so the check above means something', async () => {
    const broken = path.join(root, 'broken.service');
    fs.writeFileSync(broken, shipped('npu-watch.service').replace('KillMode=mixed', 'KillMode=sideways'));
    const result = await verifyInstalled(`systemd-analyze verify ${broken}`);
    expect(result.stderr).toMatch(/kill mode.*sideways/);
  });

  it('fails a unit whose ExecStart does not exist', async () => {
    const missing = path.join(root, 'missing.service');
    fs.writeFileSync(missing, shipped('npu-watch.service').replace(`ExecStart=${INSTALLED.wrapper} run`, 'ExecStart=/nonexistent/npu-watch run'));
    const result = await verifyInstalled(`systemd-analyze verify ${missing}`);
    expect(result.stderr).toContain('/nonexistent/npu-watch is not executable');
    expect(result.exitCode).not.toBe(0);
  });
});

describe('systemd-analyze --offline=true security', () => {
  it('scores the daemon unit at an overall exposure of 2.0 or better', async () => {
    const result = await execa('systemd-analyze', ['--offline=true', '--no-pager', 'security', path.join(SYSTEMD_DIR, 'npu-watch.service')], {
      reject: false,
      env: { ...process.env, SYSTEMD_COLORS: '0' },
    });
    const exposure = overallExposure(result.stdout);
    expect(exposure, result.stdout + result.stderr).not.toBeNull();
    expect(exposure).toBeLessThanOrEqual(2.0);
    expect(result.exitCode).toBe(0);
  });

  it('reads the overall exposure line', () => {
    expect(overallExposure('→ Overall exposure level for npu-watch.service: 1.9 OK 🙂')).toBe(1.9);
    expect(overallExposure('→ Overall exposure level for a.service: 9.6 UNSAFE 😨')).toBe(9.6);
    expect(overallExposure('nothing')).toBeNull();
  });
});
