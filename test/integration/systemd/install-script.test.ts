import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { execa } from 'execa';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { VERSION } from '../../../src/version.js';
import { INSTALL_SCRIPT, INSTALLED, REPO, runInstall, SHIPPED, shipped } from '../../helpers/systemd-shipped.js';

const RAPL = '/sys/devices/virtual/powercap/intel-rapl';
const ENERGY_FILES = [`${RAPL}/intel-rapl:0/energy_uj`, `${RAPL}/intel-rapl:0/intel-rapl:0:0/energy_uj`, `${RAPL}/intel-rapl:1/energy_uj`];
// PMT telemetry as the kernel lays it out: a class link to the region under its intel_vsec device, telem 0440
// root:root (drivers/platform/x86/intel/pmt/class.c). The VSEC device's PCI address is a placeholder.
const PMT_REGION = '/sys/devices/pci0000:00/0000:00:0a.0/intel_vsec.telemetry.1/intel_pmt/telem1';
const PMT_LINK = '/sys/class/intel_pmt/telem1';

// The script stages into a root directory: every path below is checked inside it.
describe('scripts/install-service.sh --root', () => {
  let root: string;
  const at = (file: string) => path.join(root, file);
  beforeEach(() => {
    root = fs.mkdtempSync(path.join(os.tmpdir(), 'npu-watch-install-'));
    // A powercap tree as the kernel leaves it: energy_uj root-only (CVE-2020-8694).
    for (const file of ENERGY_FILES) {
      fs.mkdirSync(path.dirname(at(file)), { recursive: true });
      fs.writeFileSync(at(file), '123456\n', { mode: 0o400 });
    }
    fs.mkdirSync(at(PMT_REGION), { recursive: true });
    fs.writeFileSync(at(`${PMT_REGION}/telem`), Buffer.alloc(4096), { mode: 0o440 });
    fs.mkdirSync(path.dirname(at(PMT_LINK)), { recursive: true });
    fs.symlinkSync('../../devices/pci0000:00/0000:00:0a.0/intel_vsec.telemetry.1/intel_pmt/telem1', at(PMT_LINK));
  });
  afterEach(() => fs.rmSync(root, { recursive: true, force: true }));

  it('puts every file where the README says, identical to what is shipped', async () => {
    const result = await runInstall(['--root', root, '--no-deps']);
    expect(result.exitCode, result.stderr).toBe(0);
    for (const [name, target] of SHIPPED) {
      expect(fs.readFileSync(at(target), 'utf8'), target).toBe(shipped(name));
      expect(fs.statSync(at(target)).mode & 0o777, target).toBe(0o644);
    }
    for (const file of ['dist/cli.js', 'dist/canary/worker.js', 'package.json', 'package-lock.json', 'README.md']) {
      expect(fs.existsSync(at(path.join(INSTALLED.app, file))), file).toBe(true);
    }
    expect(result.stdout).toContain('systemctl enable --now npu-watch.service');
    expect(result.stdout).toContain('staging root: skipped: systemctl daemon-reload');
  });

  it('installs a wrapper at the units\' ExecStart that runs the app on a fixed Node.js', async () => {
    await runInstall(['--root', root, '--no-deps']);
    const wrapper = fs.readFileSync(at(INSTALLED.wrapper), 'utf8');
    expect(fs.statSync(at(INSTALLED.wrapper)).mode & 0o777).toBe(0o755);
    const node = (await execa('sh', ['-c', 'command -v node'])).stdout.trim();
    expect(wrapper).toBe(
      '#!/bin/sh\n' +
        '# npu-watch, installed by scripts/install-service.sh: the app in /opt/npu-watch on the Node.js chosen at install.\n' +
        `exec "${node}" "/opt/npu-watch/dist/cli.js" "$@"\n`,
    );
    // The staged app is complete: with dependencies beside it, it runs.
    fs.symlinkSync(path.join(REPO, 'node_modules'), at(path.join(INSTALLED.app, 'node_modules')));
    const version = await execa(node, [at(path.join(INSTALLED.app, 'dist/cli.js')), '--version'], { reject: false });
    expect(version.stdout).toMatch(new RegExp(`^npu-watch ${VERSION.replace(/\./g, '\\.')} \\(revision \\S+, node v\\d+\\.\\d+\\.\\d+\\)$`));
  });

  it('creates the npu-watch user (home /var/lib/npu-watch, in render) and lets its group read RAPL energy and PMT telemetry', async () => {
    const result = await runInstall(['--root', root, '--no-deps']);
    expect(result.exitCode, result.stderr).toBe(0);
    const passwd = fs.readFileSync(at('/etc/passwd'), 'utf8');
    const group = fs.readFileSync(at('/etc/group'), 'utf8');
    const user = /^npu-watch:x:(\d+):(\d+):npu-watch daemon:\/var\/lib\/npu-watch:\S+$/m.exec(passwd);
    expect(user, passwd).not.toBeNull();
    expect(group).toMatch(/^render:x:\d+:npu-watch$/m);
    const gid = Number(/^npu-watch:x:(\d+):/m.exec(group)?.[1]);
    expect(gid).toBe(Number(user?.[2]));
    // systemd-tmpfiles applied the shipped rule to the staged sysfs, resolving the group in the staged /etc/group.
    for (const file of ENERGY_FILES) {
      const stat = fs.statSync(at(file));
      expect({ file, mode: stat.mode & 0o777, uid: stat.uid, gid: stat.gid }).toEqual({ file, mode: 0o440, uid: 0, gid });
    }
    // And the PMT telemetry (the NPU's own energy), reached through the class link.
    const telem = fs.statSync(at(`${PMT_REGION}/telem`));
    expect({ mode: telem.mode & 0o777, uid: telem.uid, gid: telem.gid }).toEqual({ mode: 0o440, uid: 0, gid });
  });

  it('is idempotent: a second run gives the same tree', async () => {
    await runInstall(['--root', root, '--no-deps']);
    const first = listTree(root);
    const again = await runInstall(['--root', root, '--no-deps']);
    expect(again.exitCode, again.stderr).toBe(0);
    expect(listTree(root)).toEqual(first);
  });

  it('--uninstall removes every installed file, and says what it kept; a second run is a no-op', async () => {
    await runInstall(['--root', root, '--no-deps']);
    const result = await runInstall(['--root', root, '--uninstall']);
    expect(result.exitCode, result.stderr).toBe(0);
    for (const target of Object.values(INSTALLED)) expect(fs.existsSync(at(target)), target).toBe(false);
    expect(result.stdout).toContain(`removed ${at(INSTALLED.systemUnit)}`);
    expect(result.stdout).toContain('Kept: the npu-watch user');
    const again = await runInstall(['--root', root, '--uninstall']);
    expect(again.exitCode).toBe(0);
    expect(again.stdout).not.toContain('removed');
  });

  it('rejects an unknown argument with the usage (exit 2)', async () => {
    const result = await runInstall(['--rot', root]);
    expect(result.exitCode).toBe(2);
    expect(result.stderr).toContain('unknown argument --rot');
    expect(result.stderr).toContain('usage: scripts/install-service.sh');
  });

  it('refuses an unbuilt checkout with the command that builds it', async () => {
    const checkout = fs.mkdtempSync(path.join(os.tmpdir(), 'npu-watch-unbuilt-'));
    try {
      fs.mkdirSync(path.join(checkout, 'scripts'));
      fs.copyFileSync(INSTALL_SCRIPT, path.join(checkout, 'scripts/install-service.sh'));
      const result = await execa('bash', [path.join(checkout, 'scripts/install-service.sh'), '--root', root, '--no-deps'], { reject: false });
      expect(result.exitCode).toBe(1);
      expect(result.stderr).toContain("is not built: run 'npm ci && npm run build'");
    } finally {
      fs.rmSync(checkout, { recursive: true, force: true });
    }
  });

  it('warns about a Node.js the service user could not run (an error outside a staging root)', async () => {
    const result = await runInstall(['--root', root, '--no-deps'], { NODE: '/root/.nvm/versions/node/v22.0.0/bin/node' });
    expect(result.stderr).toContain('warning: /root/.nvm/versions/node/v22.0.0/bin/node is in a home or temporary directory, where the npu-watch service cannot run it');
    expect(result.stderr).toContain('is not executable');
    expect(result.exitCode).toBe(1);
  });
});

// Every path below dir with its type, mode and content hash-free size, for comparing two runs.
function listTree(dir: string): string[] {
  const out: string[] = [];
  const walk = (current: string) => {
    for (const entry of fs.readdirSync(current, { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name))) {
      const full = path.join(current, entry.name);
      const stat = fs.lstatSync(full);
      const content = entry.isFile() && !entry.name.startsWith('.') ? fs.readFileSync(full, 'utf8').length : 0;
      out.push(`${path.relative(dir, full)} ${(stat.mode & 0o7777).toString(8)} ${stat.uid}:${stat.gid} ${content}`);
      if (entry.isDirectory()) walk(full);
    }
  };
  walk(dir);
  return out;
}
