import fs from 'node:fs';
import path from 'node:path';
import { execa } from 'execa';

export const REPO = path.resolve(import.meta.dirname, '../..');
export const SYSTEMD_DIR = path.join(REPO, 'systemd');
export const INSTALL_SCRIPT = path.join(REPO, 'scripts/install-service.sh');

// Where scripts/install-service.sh puts each shipped file (and what the README's install section lists).
export const INSTALLED = {
  app: '/opt/npu-watch',
  wrapper: '/usr/local/bin/npu-watch',
  systemUnit: '/usr/local/lib/systemd/system/npu-watch.service',
  userUnit: '/usr/local/lib/systemd/user/npu-watch-notify.service',
  sysusers: '/usr/local/lib/sysusers.d/npu-watch.conf',
  tmpfiles: '/usr/local/lib/tmpfiles.d/npu-watch-rapl.conf',
  udevRule: '/usr/local/lib/udev/rules.d/99-npu-watch-rapl.rules',
  pmtTmpfiles: '/usr/local/lib/tmpfiles.d/npu-watch-pmt.conf',
  pmtUdevRule: '/usr/local/lib/udev/rules.d/99-npu-watch-pmt.rules',
} as const;

// Each shipped file in systemd/ and its installed path.
export const SHIPPED: ReadonlyArray<[string, string]> = [
  ['npu-watch.service', INSTALLED.systemUnit],
  ['npu-watch-notify.service', INSTALLED.userUnit],
  ['npu-watch.sysusers', INSTALLED.sysusers],
  ['npu-watch-rapl.conf', INSTALLED.tmpfiles],
  ['99-npu-watch-rapl.rules', INSTALLED.udevRule],
  ['npu-watch-pmt.conf', INSTALLED.pmtTmpfiles],
  ['99-npu-watch-pmt.rules', INSTALLED.pmtUdevRule],
];

export function shipped(name: string): string {
  return fs.readFileSync(path.join(SYSTEMD_DIR, name), 'utf8');
}

// The lines that are not comments or blank: what the consuming tool reads.
export function directives(text: string): string[] {
  return text
    .split('\n')
    .map((line) => line.trim())
    .filter((line) => line !== '' && !line.startsWith('#') && !line.startsWith(';'));
}

// A unit file as section → key → values (a key may repeat). Continuation lines are not used in ours.
export function parseUnit(text: string): Record<string, Record<string, string[]>> {
  const sections: Record<string, Record<string, string[]>> = {};
  let current: Record<string, string[]> | undefined;
  for (const line of directives(text)) {
    const header = /^\[(.+)\]$/.exec(line);
    if (header) {
      current = sections[header[1] ?? ''] = {};
      continue;
    }
    const eq = line.indexOf('=');
    if (!current || eq < 0) throw new Error(`not a unit file line: ${line}`);
    const key = line.slice(0, eq);
    (current[key] ??= []).push(line.slice(eq + 1));
  }
  return sections;
}

// Runs the install script (as root, CI's and the README's way of running tests).
export function runInstall(args: string[], env: Record<string, string> = {}) {
  return execa('bash', [INSTALL_SCRIPT, ...args], { reject: false, env: { ...process.env, ...env } });
}
