import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import semver from 'semver';

// What npm's lockfile says of openvino-node (package-lock.json, "packages" → "node_modules/openvino-node").
export interface LockedPackage {
  version?: string;
  engines?: { node?: string };
  os?: string[];
  cpu?: string[];
}

// Everything the explanation is drawn from; read by readOpenvinoNodeAbsence, explained without IO.
export interface AbsenceFacts {
  // npu-watch's install directory, where `npm ci` ran.
  installRoot: string;
  // The lockfile's entry, or null when the lockfile lacks it (or there is no lockfile).
  locked: LockedPackage | null;
  node: { version: string; platform: string; arch: string };
  // npm's debug log lines about openvino-node from the newest log that has them, with that log's path.
  npmLog: { file: string; lines: string[] } | null;
}

// Why npm left openvino-node out, in one line, with npm's own reason where one exists:
// - an unsupported Node, OS or CPU: npm marks an optional dependency whose `engines`/`os`/`cpu` do not match
//   "inert" and installs nothing, without a word (npm/cli workspaces/arborist/lib/arborist/build-ideal-tree.js,
//   #checkEngineAndPlatform: "Mark any optional packages we can't install as inert");
// - a failed install step: openvino-node's postinstall downloads the OpenVINO runtime; when it fails npm removes
//   the package and logs only "failed optional dependency" at verbose level (reify.js, [_handleOptionalFailure]),
//   with the script's exit status in an "info run" line before it.
export function explainOpenvinoNodeAbsence(facts: AbsenceFacts): string {
  const { locked, node } = facts;
  if (locked === null) {
    return `openvino-node is not installed and not in ${facts.installRoot}/package-lock.json; install it with \`npm install openvino-node\` there`;
  }
  const version = locked.version ? `openvino-node ${locked.version}` : 'openvino-node';
  const range = locked.engines?.node;
  if (range && !semver.satisfies(node.version, range)) {
    return `npm left ${version} out: it needs Node ${range} and this is Node ${node.version} (npm skips an optional dependency whose engines do not match, silently); run npu-watch with Node 22 or newer and run \`npm ci\` again`;
  }
  const platform = unsupported(locked.os, node.platform) ? `OS ${node.platform}` : unsupported(locked.cpu, node.arch) ? `CPU ${node.arch}` : null;
  if (platform) return `npm left ${version} out: it does not support this ${platform}`;
  const log = facts.npmLog;
  if (log && log.lines.length > 0) {
    return `npm left ${version} out: its install step failed (it downloads the OpenVINO runtime); npm's log ${log.file} says: ${log.lines.join(' | ')}`;
  }
  return (
    `npm left ${version} out: its install step most likely failed (it downloads the OpenVINO runtime, and npm removes an optional ` +
    `dependency whose install step fails); \`npm rebuild openvino-node --foreground-scripts\` in ${facts.installRoot} shows why`
  );
}

// npm's `os`/`cpu` lists: names allowed, "!name" excluded (npm-install-checks, checkPlatform).
function unsupported(list: string[] | undefined, actual: string): boolean {
  if (!list || list.length === 0) return false;
  if (list.includes(`!${actual}`)) return true;
  const allowed = list.filter((name) => !name.startsWith('!'));
  return allowed.length > 0 && !allowed.includes(actual);
}

// The lines of an npm debug log that tell what happened to openvino-node's install in `installRoot`: its
// lifecycle scripts' "info run" lines and arborist's "failed optional dependency <installRoot>/node_modules/openvino-node";
// none when that log did not fail to install it there (pure).
export function openvinoNodeLogLines(log: string, installRoot: string): string[] {
  const lines = log.split('\n').map((line) => line.replace(/^\d+ /, '').trim());
  const failed = `verbose reify failed optional dependency ${installRoot}/node_modules/openvino-node`;
  if (!lines.includes(failed)) return [];
  return lines.filter((line) => line === failed || /^info run openvino-node@\S+ (pre|post)?install .*\{ code: /.test(line));
}

// npm writes a debug log per run into its logs dir (default `<cache>/_logs`, the cache being ~/.npm), keeping the
// newest 10 (npm/cli lib/npm.js `logPath`, lib/utils/log-file.js). Only that much of each is read.
const NPM_LOG_BYTES_MAX = 4 * 1024 * 1024;

// Reads what explainOpenvinoNodeAbsence needs: the lockfile beside npu-watch, and the newest npm debug log
// that mentions openvino-node's install (readable only by the user who ran npm; none is fine).
export function readOpenvinoNodeAbsence(installRoot: string, env: NodeJS.ProcessEnv): AbsenceFacts {
  return {
    installRoot,
    locked: readLockedOpenvinoNode(path.join(installRoot, 'package-lock.json')),
    node: { version: process.version, platform: process.platform, arch: process.arch },
    npmLog: readNpmLog(installRoot, env.npm_config_logs_dir || path.join(env.npm_config_cache || path.join(env.HOME || os.homedir(), '.npm'), '_logs')),
  };
}

function readLockedOpenvinoNode(file: string): LockedPackage | null {
  try {
    const lock = JSON.parse(fs.readFileSync(file, 'utf8')) as { packages?: Record<string, LockedPackage> };
    return lock.packages?.['node_modules/openvino-node'] ?? null;
  } catch {
    return null;
  }
}

function readNpmLog(installRoot: string, dir: string): AbsenceFacts['npmLog'] {
  let names: string[];
  try {
    names = fs.readdirSync(dir).filter((name) => name.endsWith('.log'));
  } catch {
    return null;
  }
  // Names start with an ISO timestamp, so the newest sorts last.
  for (const name of names.sort().reverse()) {
    const file = path.join(dir, name);
    try {
      const fd = fs.openSync(file, fs.constants.O_RDONLY | fs.constants.O_NONBLOCK);
      try {
        if (!fs.fstatSync(fd).isFile()) continue;
        const buffer = Buffer.alloc(NPM_LOG_BYTES_MAX);
        const length = fs.readSync(fd, buffer, 0, buffer.length, 0);
        const lines = openvinoNodeLogLines(buffer.subarray(0, length).toString('utf8'), installRoot);
        if (lines.length > 0) return { file, lines };
      } finally {
        fs.closeSync(fd);
      }
    } catch {
      // Another user's log, or one removed while we looked: not evidence.
    }
  }
  return null;
}
