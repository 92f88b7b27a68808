import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { HostPaths } from '../../src/host/paths.js';
import { readTextOrNull } from '../../src/host/read.js';
import { FIXTURE_HOSTS_DIR, hostPaths } from './probe-context.js';

// One `path mode uid gid` line of a host's permissions.txt.
export interface PermissionEntry {
  path: string;
  mode: number;
  uid: number;
  gid: number;
}

// A fixture host copied to a temporary directory, ready to point the daemon's [paths] at.
export interface MaterializedHost {
  root: string;
  paths: HostPaths;
  // The host's command stand-ins (root/bin), to put first on PATH.
  bin: string;
  cleanup(): Promise<void>;
}

// Parses permissions.txt: `path mode uid gid` per line (mode octal, path relative to the host root);
// blank lines and # comments are skipped, anything else malformed throws.
export function parsePermissions(text: string, file: string): PermissionEntry[] {
  const entries: PermissionEntry[] = [];
  text.split('\n').forEach((raw, index) => {
    const line = raw.trim();
    if (line === '' || line.startsWith('#')) return;
    const match = /^(\S+)\s+([0-7]{3,4})\s+(\d+)\s+(\d+)$/.exec(line);
    const target = match?.[1] ?? '';
    if (!match || path.isAbsolute(target) || target.split('/').includes('..')) {
      throw new Error(`${file}:${index + 1}: expected "relative/path mode uid gid", got ${JSON.stringify(raw)}`);
    }
    entries.push({ path: target, mode: Number.parseInt(match[2] ?? '', 8), uid: Number(match[3]), gid: Number(match[4]) });
  });
  return entries;
}

// Adds read (and, for directories, search) permission for everyone below dir, so an unprivileged user can
// read the copy whatever umask the checkout was made with. Symlinks are left alone.
async function openUp(dir: string): Promise<void> {
  for (const entry of await fs.readdir(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isSymbolicLink()) continue;
    const { mode } = await fs.stat(full);
    if (entry.isDirectory()) {
      await fs.chmod(full, mode | 0o555);
      await openUp(full);
    } else {
      await fs.chmod(full, mode | 0o444);
    }
  }
}

async function applyPermission(root: string, entry: PermissionEntry, host: string): Promise<void> {
  const target = path.join(root, entry.path);
  await fs.chmod(target, entry.mode);
  try {
    await fs.chown(target, entry.uid, entry.gid);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw new Error(`materializeHost(${host}): chown ${entry.path} ${entry.uid}:${entry.gid} failed (${code}); ` +
      'permissions.txt needs the tests to run as root', { cause: error });
  }
}

// Copies test/fixtures/hosts/<name> to a fresh temp dir (symlinks copied as the same relative links),
// opens it up for reading by any user, then applies its permissions.txt (chmod and chown: run as root).
export async function materializeHost(name: string): Promise<MaterializedHost> {
  const source = path.join(FIXTURE_HOSTS_DIR, name);
  const hosts = await fs.readdir(FIXTURE_HOSTS_DIR);
  if (!hosts.includes(name)) throw new Error(`no fixture host "${name}" (have: ${hosts.sort().join(', ')})`);
  const root = await fs.mkdtemp(path.join(os.tmpdir(), `npu-watch-${name}-`));
  try {
    await fs.cp(source, root, { recursive: true, verbatimSymlinks: true });
    await fs.chmod(root, 0o755);
    await openUp(root);
    const permissionsFile = path.join(source, 'permissions.txt');
    const text = (await readTextOrNull(permissionsFile)) ?? '';
    for (const entry of parsePermissions(text, permissionsFile)) await applyPermission(root, entry, name);
  } catch (error) {
    await fs.rm(root, { recursive: true, force: true });
    throw error;
  }
  return {
    root,
    paths: hostPaths(root),
    bin: path.join(root, 'bin'),
    cleanup: () => fs.rm(root, { recursive: true, force: true }),
  };
}

// A package update landing on the copy: from now on its rpm stand-in reports `name` at version-release
// (outputs/rpm-q.txt is what bin/rpm prints).
export async function landRpmUpdate(host: MaterializedHost, name: string, version: string, release: string): Promise<void> {
  const file = path.join(host.root, 'outputs/rpm-q.txt');
  const lines = (await fs.readFile(file, 'utf8')).split('\n');
  const index = lines.findIndex((line) => line.startsWith(`${name}\t`));
  if (index < 0) throw new Error(`${file}: ${name} is not installed on this host`);
  const [, epoch, , , arch] = lines[index]!.split('\t');
  lines[index] = [name, epoch, version, release, arch].join('\t');
  // Written aside and renamed over, so a probe running meanwhile reads the old list or the new one, whole.
  await fs.writeFile(`${file}.new`, lines.join('\n'));
  await fs.rename(`${file}.new`, file);
  await writeRpmDatabase(host);
}

// Where a fixture host keeps rpm's database: /usr/lib/sysimage/rpm, rpm's %_dbpath on Fedora 36 and later
// (src/watch/change-targets.ts). The fixture trees do not ship it: the first update creates it.
export function rpmDatabaseDir(host: MaterializedHost): string {
  return path.join(host.root, 'usr/lib/sysimage/rpm');
}

// rpm writing its database, as a transaction does (what the daemon's change watch sees; the stand-in rpm
// reads outputs/rpm-q.txt): the write-ahead log, then the database, each written aside and renamed over.
export async function writeRpmDatabase(host: MaterializedHost): Promise<void> {
  const dir = rpmDatabaseDir(host);
  await fs.mkdir(dir, { recursive: true });
  for (const name of ['rpmdb.sqlite-wal', 'rpmdb.sqlite']) {
    await fs.writeFile(path.join(dir, `${name}.tmp`), `written ${new Date().toISOString()}\n`);
    await fs.rename(path.join(dir, `${name}.tmp`), path.join(dir, name));
  }
}

// A package update landing on a Debian-family copy: from now on its dpkg-query stand-in reports `name` at
// `version` (outputs/dpkg-query-W.txt), and dpkg's status file is rewritten as dpkg does it.
export async function landDpkgUpdate(host: MaterializedHost, name: string, version: string): Promise<void> {
  const file = path.join(host.root, 'outputs/dpkg-query-W.txt');
  const lines = (await fs.readFile(file, 'utf8')).split('\n');
  const index = lines.findIndex((line) => line.startsWith(`${name}\t`));
  if (index < 0) throw new Error(`${file}: ${name} is not installed on this host`);
  const [, , status] = lines[index]!.split('\t');
  lines[index] = [name, version, status].join('\t');
  await fs.writeFile(`${file}.new`, lines.join('\n'));
  await fs.rename(`${file}.new`, file);
  await writeDpkgStatus(host);
}

// Where a Debian-family fixture host keeps dpkg's status file (src/watch/change-targets.ts DPKG_STATUS).
export function dpkgStatusFile(host: MaterializedHost): string {
  return path.join(host.root, 'var/lib/dpkg/status');
}

// dpkg writing its database as writedb() does (guillemj/dpkg lib/dpkg/dump.c): the new database to
// `status-new`, the old one linked to `status-old`, the new one renamed over `status`.
export async function writeDpkgStatus(host: MaterializedHost): Promise<void> {
  const status = dpkgStatusFile(host);
  await fs.mkdir(path.dirname(status), { recursive: true });
  await fs.writeFile(`${status}-new`, `Package: written ${new Date().toISOString()}\n`);
  await fs.rm(`${status}-old`, { force: true });
  await fs.link(status, `${status}-old`).catch((error: NodeJS.ErrnoException) => {
    if (error.code !== 'ENOENT') throw error;
  });
  await fs.rename(`${status}-new`, status);
}

// A bin directory with the host's command stand-ins, but `name` replaced by `script` (put it first on PATH).
// It sits beside the host's own bin/, where the stand-ins find their captured outputs (../outputs).
export async function commandsWith(host: MaterializedHost, name: string, script: string): Promise<string> {
  const bin = await fs.mkdtemp(path.join(host.root, 'bin-'));
  for (const entry of await fs.readdir(host.bin)) {
    if (entry !== name) await fs.symlink(path.join(host.bin, entry), path.join(bin, entry));
  }
  await fs.writeFile(path.join(bin, name), script, { mode: 0o755 });
  return bin;
}
