// Shared by the canary benchmarks (worker-launch.mjs, soak.mjs): a Config over the fake OpenVINO runtime,
// scenario files, and what a process can see of itself in /proc (open fds, children, RSS). Imports the BUILT
// code from ../../dist.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import process from 'node:process';
import { fileURLToPath } from 'node:url';
import v8 from 'node:v8';
import vm from 'node:vm';
import { runtimesFrom } from '../../dist/canary/runtimes.js';
import { parseConfig } from '../../dist/config.js';

export const REPO = fileURLToPath(new URL('../../', import.meta.url));
export const FAKE_RUNTIME = path.join(REPO, 'test/fixtures/fake-openvino/index.mjs');
// The seed laptop's fixture host. With `hardware` null the canary reads nothing from it; the paths only
// make the config complete and keep it off the real /sys and /dev.
export const FIXTURE_HOST = path.join(REPO, 'test/fixtures/hosts/fedora43-lunarlake');

// A logger that drops everything but counts warnings and errors (the launcher warns when it ends a worker).
export function quietLog() {
  const counts = { warn: 0, error: 0 };
  return {
    counts,
    debug() {},
    info() {},
    warn() {
      counts.warn += 1;
    },
    error() {
      counts.error += 1;
    },
  };
}

// The daemon's Config over the fake runtime, with the canary's limits in seconds (fractions allowed: the schema
// only asks for positive numbers).
// The one runtime canaryConfig names (the fake), as runDeviceCanary takes it.
export function canaryRuntime(config) {
  return runtimesFrom(config.runtimes)[0];
}

export function canaryConfig({ stageTimeoutSeconds = 1, killGraceSeconds = 0.2, timeoutSeconds = 10 } = {}) {
  const root = FIXTURE_HOST;
  const toml = `[paths]
sysfs = "${path.join(root, 'sys')}"
procfs = "${path.join(root, 'proc')}"
dev = "${path.join(root, 'dev')}"
etc = "${path.join(root, 'etc')}"
firmware = "${path.join(root, 'lib/firmware')}"

[[runtimes]]
name = "openvino-node"
kind = "node"
module = "${FAKE_RUNTIME}"

[canary]
timeout_seconds = ${timeoutSeconds}
stage_timeout_seconds = ${stageTimeoutSeconds}
kill_grace_seconds = ${killGraceSeconds}
`;
  return parseConfig(toml, 'bench canary config');
}

// One JSON file per scenario for NPU_WATCH_FAKE_SCENARIO, in a fresh temporary directory.
export function writeScenarioFiles(names) {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'npu-watch-bench-scenarios-'));
  const files = new Map();
  for (const name of names) {
    const file = path.join(dir, `${name}.json`);
    fs.writeFileSync(file, JSON.stringify({ scenario: name }));
    files.set(name, file);
  }
  return { dir, files, cleanup: () => fs.rmSync(dir, { recursive: true, force: true }) };
}

// Workers get this process's environment (the launcher passes no env of its own), so this picks the scenario
// the next worker's `new Core()` reads.
export function useScenario(file) {
  process.env.NPU_WATCH_FAKE_SCENARIO = file;
}

// This process's open file descriptors, each with what it points at (the directory listing's own fd is gone
// by the time the targets are read, so it is not counted).
export function openFds() {
  const fds = [];
  for (const fd of fs.readdirSync('/proc/self/fd')) {
    let target;
    try {
      target = fs.readlinkSync(`/proc/self/fd/${fd}`);
    } catch {
      continue;
    }
    fds.push({ fd: Number(fd), target });
  }
  return fds;
}

// The fields of /proc/<pid>/stat after the command name (which may itself contain spaces and parentheses).
function statFields(pid) {
  try {
    const text = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = text.slice(text.lastIndexOf(')') + 2).split(' ');
    return { state: fields[0], ppid: Number(fields[1]), pgrp: Number(fields[2]), session: Number(fields[3]) };
  } catch {
    return null;
  }
}

function allPids() {
  return fs.readdirSync('/proc').filter((name) => /^\d+$/.test(name)).map(Number);
}

function commandLine(pid) {
  try {
    return fs.readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0').filter(Boolean).join(' ');
  } catch {
    return '';
  }
}

// Direct children of a process, zombies included (/proc/<pid>/task/*/children needs CONFIG_PROC_CHILDREN,
// which not every kernel has, so every /proc/<pid>/stat is read).
export function childProcesses(parent = process.pid) {
  const children = [];
  for (const pid of allPids()) {
    const stat = statFields(pid);
    if (stat && stat.ppid === parent) children.push({ pid, state: stat.state, command: commandLine(pid) });
  }
  return children;
}

// Processes whose environment holds `name=value`: this process's workers and anything they started, even
// after being re-parented to init (the canary's workers run in their own session, so session and parent
// alone would not find an orphaned grandchild). Unreadable environments (other users, zombies) are skipped.
export function processesWithEnv(name, value) {
  const needle = `${name}=${value}`;
  const found = [];
  for (const pid of allPids()) {
    if (pid === process.pid) continue;
    let environ;
    try {
      environ = fs.readFileSync(`/proc/${pid}/environ`, 'utf8');
    } catch {
      continue;
    }
    if (environ.split('\0').includes(needle)) found.push({ pid, command: commandLine(pid) });
  }
  return found;
}

// `pgrep -f <pattern>`: every such process on the machine (other test runs' workers included), as pids.
export function pgrep(pattern) {
  const result = spawnSync('pgrep', ['-f', pattern], { encoding: 'utf8' });
  if (result.error) return null;
  return result.stdout.split('\n').filter(Boolean).map(Number);
}

// A full garbage collection: global.gc under --expose-gc, otherwise the flag is set at run time and gc taken
// from a fresh context (V8 installs it there once the flag is on).
let gcFunction = null;
export function collectGarbage() {
  if (typeof globalThis.gc === 'function') return globalThis.gc();
  if (gcFunction === null) {
    v8.setFlagsFromString('--expose-gc');
    gcFunction = vm.runInNewContext('gc');
  }
  return gcFunction();
}

// RSS and used heap once memory has settled: a full collection every `everyMs` for `seconds`, the last
// reading kept. Explicit full collections grow V8's heap at first (heapTotal nearly doubles), and V8's memory
// reducer only hands the pages back about 2 s later, so a reading taken right after gc() can be ~10 MB high.
// Taking every reading the same way keeps a before/after comparison fair.
export async function settledMemory({ seconds = 4, everyMs = 250 } = {}) {
  const until = Date.now() + seconds * 1000;
  do {
    collectGarbage();
    await sleep(everyMs);
  } while (Date.now() < until);
  collectGarbage();
  const { rss, heapUsed } = process.memoryUsage();
  return { rss, heapUsed };
}

export const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

export function median(values) {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
}

export const MB = 1024 * 1024;
