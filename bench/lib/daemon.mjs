// Shared by the whole-process benchmarks (metrics-latency.mjs, idle-cost.mjs, scrape-lag.mjs): starts the BUILT
// daemon (`node dist/cli.js run`) on the Fedora 43 Lunar Lake fixture host with the fake OpenVINO runtime, reads
// its JSON log lines, and ends every process it started, even when the benchmark throws or is interrupted.
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import process from 'node:process';
import { fileURLToPath } from 'node:url';

export const REPO = fileURLToPath(new URL('../../', import.meta.url));
export const CLI = path.join(REPO, 'dist/cli.js');
// Read in place (not copied): the benchmarks run as root, who can read the root-only RAPL counters in it.
export const HOST_ROOT = path.join(REPO, 'test/fixtures/hosts/fedora43-lunarlake');
export const FAKE_RUNTIME_MODULE = path.join(REPO, 'test/fixtures/fake-openvino/index.mjs');
export const FAKE_LLM = path.join(REPO, 'test/fixtures/fake-openvino/llm/openvino_model.xml');
// A cron expression that does not come round during a benchmark: only the first pass at start-up runs.
export const NEVER = '0 0 1 1 *';

// Every child process a benchmark started and has not yet seen exit; ended on process exit whatever happens.
const live = new Set();
// Temp dirs not yet cleaned up; removed on process exit (an interrupted run skips the benchmarks' `finally`).
const tempDirs = new Set();
let exitHookInstalled = false;

function installExitHook() {
  if (exitHookInstalled) return;
  exitHookInstalled = true;
  // 'exit' runs synchronously: a last SIGKILL to whatever is still there (the daemon then leaves its canary
  // workers behind only if it was killed mid-canary; their process group is killed too).
  process.on('exit', () => {
    for (const child of live) killTree(child, 'SIGKILL');
    for (const dir of tempDirs) fs.rmSync(dir, { recursive: true, force: true });
  });
  // Interrupted: SIGTERM first so the daemon can end its own canary workers, then exit (stragglers get SIGKILL).
  for (const signal of ['SIGINT', 'SIGTERM']) {
    process.once(signal, () => {
      const children = [...live];
      for (const child of children) killTree(child, 'SIGTERM');
      const timeout = new Promise((resolve) => setTimeout(resolve, 10_000).unref());
      void Promise.race([Promise.all(children.map((child) => child.exited)), timeout]).then(() => process.exit(130));
    });
  }
}

function killTree(child, signal) {
  try {
    if (child.detachedGroup) process.kill(-child.pid, signal);
    else child.kill(signal);
  } catch {
    // already gone
  }
}

// Spawns a child that is ended on exit; resolves `exited` with { exitCode, signal } when it is gone.
export function spawnTracked(command, args, options = {}) {
  installExitHook();
  const child = spawn(command, args, options);
  child.detachedGroup = options.detached === true;
  live.add(child);
  child.exited = new Promise((resolve) => {
    child.once('exit', (exitCode, signal) => {
      live.delete(child);
      resolve({ exitCode, signal });
    });
    child.once('error', (error) => {
      live.delete(child);
      resolve({ exitCode: null, signal: null, error });
    });
  });
  return child;
}

// Ends a tracked child: `signal`, then SIGKILL after `graceMs`; resolves once it has exited.
export async function stopTracked(child, signal = 'SIGTERM', graceMs = 10_000) {
  if (child.exitCode !== null || child.signalCode !== null) return child.exited;
  killTree(child, signal);
  const timer = setTimeout(() => killTree(child, 'SIGKILL'), graceMs);
  const result = await child.exited;
  clearTimeout(timer);
  return result;
}

export const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

// A temp dir with config.toml (fixture host paths, fake runtime, a state dir, an ephemeral loopback port) and
// scenario.json for NPU_WATCH_FAKE_SCENARIO. `toml` is appended; it must not repeat [paths], [state], [[runtimes]]
// or [http] (TOML forbids a table twice).
// `hostRoot` is the fixture host tree (default: the Fedora 43 one, read in place; a benchmark that changes the
// host passes a copy).
export function writeDaemonConfig(toml = '', scenario = { scenario: 'working' }, hostRoot = HOST_ROOT) {
  installExitHook();
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'npu-watch-bench-daemon-'));
  tempDirs.add(dir);
  const file = path.join(dir, 'config.toml');
  const scenarioFile = path.join(dir, 'scenario.json');
  fs.writeFileSync(scenarioFile, JSON.stringify(scenario));
  fs.writeFileSync(
    file,
    `[paths]
sysfs = "${path.join(hostRoot, 'sys')}"
procfs = "${path.join(hostRoot, 'proc')}"
dev = "${path.join(hostRoot, 'dev')}"
firmware = "${path.join(hostRoot, 'lib/firmware')}"
etc = "${path.join(hostRoot, 'etc')}"

[state]
dir = "${path.join(dir, 'state')}"

[[runtimes]]
name = "openvino-node"
kind = "node"
module = "${FAKE_RUNTIME_MODULE}"

[http]
listen = "127.0.0.1:0"
${toml}`,
  );
  const cleanup = () => {
    fs.rmSync(dir, { recursive: true, force: true });
    tempDirs.delete(dir);
  };
  return { dir, file, scenarioFile, hostRoot, cleanup };
}

// Starts `node dist/cli.js run --config FILE` with the fixture host's command stand-ins (rpm, dnf, journalctl)
// first on PATH, and resolves once it logs the URL it serves. `nodeOptions` goes into NODE_OPTIONS.
export async function startDaemon(config, { env = {}, nodeOptions, startTimeoutMs = 30_000 } = {}) {
  if (!fs.existsSync(CLI)) throw new Error(`${CLI} is missing: run \`npm run build\` first`);
  const child = spawnTracked(process.execPath, [CLI, 'run', '--config', config.file], {
    env: {
      ...process.env,
      NPU_WATCH_CONFIG: '',
      PATH: `${path.join(config.hostRoot ?? HOST_ROOT, 'bin')}:${process.env.PATH ?? ''}`,
      NPU_WATCH_FAKE_SCENARIO: config.scenarioFile,
      ...(nodeOptions ? { NODE_OPTIONS: nodeOptions } : {}),
      ...env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  const parsed = [];
  child.stdout.on('data', (chunk) => {
    stdout += chunk.toString();
    let newline;
    while ((newline = stdout.indexOf('\n')) >= 0) {
      const line = stdout.slice(0, newline);
      stdout = stdout.slice(newline + 1);
      const brace = line.indexOf('{');
      if (brace < 0) continue;
      try {
        parsed.push(JSON.parse(line.slice(brace)));
      } catch {
        // not a log line
      }
    }
  });
  child.stderr.on('data', (chunk) => {
    stderr = (stderr + chunk.toString()).slice(-8192);
  });

  const waitForLine = async (match, timeoutMs = 30_000, what = 'a matching log line') => {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const found = parsed.find(match);
      if (found) return found;
      if (child.exitCode !== null || child.signalCode !== null) {
        throw new Error(`daemon exited (${child.exitCode ?? child.signalCode}) before ${what}: ${stderr}`);
      }
      if (Date.now() > deadline) throw new Error(`no ${what} within ${timeoutMs} ms; stderr: ${stderr}`);
      await sleep(50);
    }
  };

  try {
    const serving = await waitForLine((line) => typeof line.url === 'string', startTimeoutMs, '"serving" line');
    return {
      child,
      pid: child.pid,
      url: serving.url,
      lines: () => parsed,
      stderr: () => stderr,
      waitForLine,
      // SIGTERM (the daemon ends its canary workers), SIGKILL after 15 s; then any process still carrying this
      // run's scenario file in its environment (a canary worker that outlived the daemon) is killed and counted.
      async stop() {
        const result = await stopTracked(child, 'SIGTERM', 15_000);
        const leftovers = processesWithEnv(`NPU_WATCH_FAKE_SCENARIO=${config.scenarioFile}`);
        for (const pid of leftovers) {
          try {
            process.kill(pid, 'SIGKILL');
          } catch {
            // gone meanwhile
          }
        }
        return { ...result, leftovers: leftovers.length };
      },
    };
  } catch (error) {
    await stopTracked(child, 'SIGKILL', 1_000);
    throw error;
  }
}

// Pids of every process (other than this one) whose initial environment holds `entry` ("NAME=value").
export function processesWithEnv(entry) {
  const pids = [];
  for (const name of fs.readdirSync('/proc')) {
    if (!/^\d+$/.test(name) || Number(name) === process.pid) continue;
    try {
      if (fs.readFileSync(`/proc/${name}/environ`, 'latin1').split('\0').includes(entry)) pids.push(Number(name));
    } catch {
      // exited, or not ours to read
    }
  }
  return pids;
}

// Waits for the first pass's canary verdicts ("canary NPU: …", "canary CPU: …") on every device.
export function waitForCanaryVerdicts(daemon, devices = ['NPU', 'CPU'], timeoutMs = 120_000) {
  return Promise.all(
    devices.map((device) =>
      daemon.waitForLine(
        (line) => line.device === device && typeof line.result === 'string' && String(line.msg).startsWith(`canary ${device}:`),
        timeoutMs,
        `canary verdict on ${device}`,
      ),
    ),
  );
}

// One GET, whole body as text; throws on a non-2xx status.
export async function scrape(url, timeoutMs = 10_000) {
  const response = await fetch(url, { signal: AbortSignal.timeout(timeoutMs) });
  const body = await response.text();
  if (!response.ok) throw new Error(`GET ${url}: ${response.status}`);
  return { body, contentType: response.headers.get('content-type') ?? 'text/plain' };
}

// The value of an unlabelled (or first-matching) sample in Prometheus text, or null.
export function sampleValue(text, name) {
  for (const line of text.split('\n')) {
    if (line.startsWith(`${name} `) || line.startsWith(`${name}{`)) return Number(line.slice(line.lastIndexOf(' ') + 1));
  }
  return null;
}

// The sum over every sample of `name` (any labels), or null when none.
export function sampleSum(text, name) {
  let total = null;
  for (const line of text.split('\n')) {
    if (line.startsWith(`${name} `) || line.startsWith(`${name}{`)) total = (total ?? 0) + Number(line.slice(line.lastIndexOf(' ') + 1));
  }
  return total;
}

// Stops the daemon (if it started), reports canary workers that outlived it, and removes the config dir.
export async function stopDaemonAndCleanUp(daemon, config, log) {
  if (daemon) {
    const { leftovers } = await daemon.stop();
    if (leftovers > 0) log(`  ! ${leftovers} canary worker(s) outlived the daemon and were killed`);
  }
  config.cleanup();
}
