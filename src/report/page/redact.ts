import fs from 'node:fs';
import os from 'node:os';
import { under } from '../../host/paths.js';

// Strings that identify the user or the machine, to be replaced before text leaves it.
export interface IdentifyingStrings {
  users: string[];
  hosts: string[];
  homes: string[];
}

// Accounts below this uid are the system's own (root, bin, daemon…): their names are common words, not people.
const FIRST_HUMAN_UID = 1000;
const NOBODY_UID = 65534;

// The user running npu-watch (os.userInfo()), the host name (os.hostname()), $HOME, and every human account's
// name and home in <etc>/passwd (the configured etc root).
export function readIdentifyingStrings(etc: string, env: NodeJS.ProcessEnv = process.env): IdentifyingStrings {
  const users = new Set<string>();
  const homes = new Set<string>();
  try {
    const me = os.userInfo();
    if (me.uid >= FIRST_HUMAN_UID && me.uid !== NOBODY_UID) users.add(me.username);
    homes.add(me.homedir);
  } catch {
    // No passwd entry for this uid (a container): nothing to add.
  }
  if (env.HOME) homes.add(env.HOME);
  let passwd = '';
  try {
    passwd = fs.readFileSync(under(etc, 'passwd'), 'utf8');
  } catch {
    // No passwd to read: the other sources remain.
  }
  for (const line of passwd.split('\n')) {
    const [name, , uid, , , home] = line.split(':');
    if (!name || uid === undefined || home === undefined) continue;
    const id = Number(uid);
    if (id < FIRST_HUMAN_UID || id === NOBODY_UID) continue;
    users.add(name);
    homes.add(home);
  }
  const host = os.hostname();
  return {
    users: [...users].filter((name) => name.length > 0),
    hosts: host && host !== 'localhost' ? [host, host.split('.')[0]!] : [],
    homes: [...homes].filter((home) => home.length > 1 && home !== '/root' && home !== '/nonexistent'),
  };
}

// `text` with every home directory replaced by "~", user name by "<user>" and host name by "<host>" (pure). Names
// are matched whole (not inside longer words); the longest strings go first so a home is replaced before its user.
export function redact(text: string, strings: IdentifyingStrings): string {
  let out = text;
  for (const home of [...strings.homes].sort((a, b) => b.length - a.length)) out = out.split(home.replace(/\/+$/, '')).join('~');
  const words = [
    ...strings.hosts.map((value) => ({ value, by: '<host>' })),
    ...strings.users.map((value) => ({ value, by: '<user>' })),
  ].sort((a, b) => b.value.length - a.value.length);
  for (const { value, by } of words) {
    if (value === '') continue;
    out = out.replace(new RegExp(`(?<![A-Za-z0-9_.-])${escapeRegExp(value)}(?![A-Za-z0-9_-])`, 'gi'), by);
  }
  return out;
}

const escapeRegExp = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
