import fs from 'node:fs/promises';
import type { HostPaths } from '../../host/paths.js';
import { under } from '../../host/paths.js';
import { isAbsentError, isPermissionError, listDirOrEmpty, readTextOrNull } from '../../host/read.js';
import { parseGroupFile } from './parse-group.js';
import type { AccelNode } from './types.js';

// Permission bits of a stat mode as a 4-digit octal string: 0o20660 → '0660'.
export function formatPermissionBits(mode: number): string {
  return (mode & 0o7777).toString(8).padStart(4, '0');
}

// The accel node name the driver registered for a PCI device (its `accel/` subdir: 'accel0'); null when none.
export async function readAccelName(deviceDir: string): Promise<string | null> {
  const names = (await listDirOrEmpty(under(deviceDir, 'accel'))).filter((name) => /^accel\d+$/.test(name));
  return names[0] ?? null;
}

// Whether this process may open the node read-write. access(2) asks the kernel, so ACLs (logind's uaccess)
// and capabilities count; the mode bits alone would get those wrong.
async function canReadWrite(node: string): Promise<boolean> {
  try {
    await fs.access(node, fs.constants.R_OK | fs.constants.W_OK);
    return true;
  } catch (error) {
    if (isPermissionError(error)) return false;
    throw error;
  }
}

// Whether this process's real or supplementary groups include gid.
function inGroup(gid: number): boolean {
  return process.getgid?.() === gid || (process.getgroups?.() ?? []).includes(gid);
}

// Checks <dev>/accel/<name> for the NPU at deviceDir: owner, mode, group, and whether this process may open it.
// null when the driver registered no accel device or the node does not exist under the dev root.
export async function readAccelNode(deviceDir: string, paths: HostPaths): Promise<AccelNode | null> {
  const name = await readAccelName(deviceDir);
  if (name === null) return null;
  const node = under(paths.dev, 'accel', name);
  let stats;
  try {
    stats = await fs.stat(node);
  } catch (error) {
    if (isAbsentError(error)) return null;
    throw error;
  }
  const groupText = await readTextOrNull(under(paths.etc, 'group'));
  const group = groupText === null ? null : (parseGroupFile(groupText).get(stats.gid) ?? null);
  return {
    path: node,
    accessible: await canReadWrite(node),
    mode: formatPermissionBits(stats.mode),
    uid: stats.uid,
    gid: stats.gid,
    group,
    inOwningGroup: inGroup(stats.gid),
  };
}
