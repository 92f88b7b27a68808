// `npu-watch try-openvino` on the seed's fixture host (issue 15): candidate OpenVINO releases installed by the real
// pip and the real npm from local files (no registry with OpenVINO is reachable here), each in a private environment
// under the cache directory, and the real workers running the canary with each. 2025.1.0 crashes in compile like
// the seed, 2025.2.0 works, 2024.9.0 is not offered and so cannot be installed.
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TryEntry } from '../../src/canary/try-results.js';
import { tryEntryWorks } from '../../src/canary/try-results.js';
import type { CheckReport } from '../../src/report/check-report.js';
import { CLI, eventually, pathEnv, runCli, startDaemon, writeFixtureConfig } from '../helpers/cli.js';
import { buildFakeWheel, packFakeOpenvinoNode } from '../helpers/fake-candidates.js';
import { fakeRuntimesToml, installFakeRuntime, removeTempDirs, tempDir } from '../helpers/fake-runtime.js';
import { materializeHost, type MaterializedHost } from '../helpers/host-fixture.js';
import { DEBIAN_PYTHON } from '../helpers/python-worker.js';

const CANARY = '\n[canary]\ndevices = ["NPU", "CPU"]\ntimeout_seconds = 60\nstage_timeout_seconds = 30\nkill_grace_seconds = 1\n';
const SEED = { scenario: 'fedora43', openvino_version: '2025.1.0' };
const WORKING = { scenario: 'working', openvino_version: '2025.2.0' };
const SLOW = 240_000;

let host: MaterializedHost;
let config: string;
let cache: string;
let wheels: string;
let tarballs: string;
beforeAll(async () => {
  host = await materializeHost('fedora43-lunarlake');
  config = await writeFixtureConfig(host.paths, CANARY);
  const dir = tempDir();
  cache = path.join(dir, 'cache');
  wheels = path.join(dir, 'wheels');
  tarballs = path.join(dir, 'npm');
  buildFakeWheel(wheels, '2025.1.0', SEED);
  buildFakeWheel(wheels, '2025.2.0', WORKING);
  packFakeOpenvinoNode(tarballs, '2025.1.0', SEED);
  packFakeOpenvinoNode(tarballs, '2025.2.0', WORKING);
});
afterAll(async () => {
  await host.cleanup();
  removeTempDirs();
});

// The environment a user would set to install from local files: pip's --no-index --find-links, npm's tarballs.
const env = () => ({
  XDG_CACHE_HOME: cache,
  CACHE_DIRECTORY: '',
  NPU_WATCH_TRY_PYTHON: DEBIAN_PYTHON,
  NPU_WATCH_TRY_SYSTEM_SITE_PACKAGES: '1',
  NPU_WATCH_PIP_INSTALL_ARGS: `--no-index --find-links ${wheels}`,
  NPU_WATCH_NPM_TARBALLS: tarballs,
});
const tryOpenvino = (args: string[]) => runCli(['try-openvino', ...args, '--config', config], { bin: host.bin, env: env(), timeoutMs: SLOW });
const root = () => path.join(cache, 'npu-watch', 'try-openvino');

describe('try-openvino with pip (python venvs)', () => {
  let first: Awaited<ReturnType<typeof runCli>>;
  beforeAll(async () => {
    first = await tryOpenvino(['--versions', '2025.1.0,2025.2.0,2024.9.0']);
  }, SLOW);

  it('prints the matrix version × device × compiler, the failure with its signature and diagnosis, and the recommendation', () => {
    expect(first.exitCode, first.stderr).toBe(0);
    const lines = first.stdout.split('\n');
    expect(lines[0]).toBe("OpenVINO versions × devices (pip's openvino, each in its own venv) [fake runtime]");
    expect(lines[1]).toMatch(/^ {2}Version\s+NPU\s+CPU$/);
    expect(lines[2]).toMatch(/^ {2}2025\.1\.0\s+✗ compile_crash; DRIVER ✗ compile_crash, PLUGIN ✗ compile_error\s+✓ ok$/);
    expect(lines[3]).toMatch(/^ {2}2025\.2\.0\s+✓ ok( with \w+)?; DRIVER ✓ ok, PLUGIN ✓ ok\s+✓ ok$/);
    expect(lines[4]).toMatch(/^ {2}2024\.9\.0\s+✗ install_failed: pip: ERROR: Could not find a version that satisfies the requirement openvino==2024\.9\.0 \(from versions: 2025\.1\.0, 2025\.2\.0\) \/ ERROR: No matching distribution found for openvino==2024\.9\.0$/);
    expect(first.stdout).toMatch(/^ {2}✗ 2025\.1\.0 on NPU: compile_crash \(SIGABRT\) during compile: ZE_RESULT_ERROR_UNKNOWN 0x7ffffffe/m);
    expect(first.stdout).toMatch(/^ {6}diagnosis: .*\[npu-driver-compiler-fails\]$/m);
    expect(first.stdout).toContain(
      'Recommendation\n  openvino 2025.2.0 works with intel-npu-driver 1.16.0-1.fc44 on this Lunar Lake NPU; 2025.1.0 crashes in compile with the DRIVER compiler; 2024.9.0 could not be installed\n',
    );
  });

  it('keeps each installed version in its own venv under the cache directory and reports the disk space', () => {
    expect(fs.readdirSync(root()).sort()).toEqual(['python-2025.1.0', 'python-2025.2.0']);
    expect(first.stdout).toMatch(new RegExp(`^Environments \\(${root()}, [0-9.]+ [kMG]?B of disk in all; `, 'm'));
    expect(first.stdout).toMatch(/^ {2}2025\.1\.0 {3}installed now {3}[0-9.]+ [kMG]?B {3}\S+python-2025\.1\.0$/m);
  });

  it('reuses the environments on the next run (no install), and --clean removes them', async () => {
    const sentinel = path.join(root(), 'python-2025.2.0', 'sentinel');
    fs.writeFileSync(sentinel, 'still here unless reinstalled');
    const second = await tryOpenvino(['--versions', '2025.1.0,2025.2.0']);
    expect(second.exitCode, second.stderr).toBe(0);
    expect(second.stdout).toMatch(/^ {2}2025\.1\.0 {3}reused /m);
    expect(second.stdout).toMatch(/^ {2}2025\.2\.0 {3}reused /m);
    expect(fs.existsSync(sentinel)).toBe(true);
    const clean = await tryOpenvino(['--clean']);
    expect(clean.exitCode, clean.stderr).toBe(0);
    expect(clean.stdout).toMatch(new RegExp(`^npu-watch: removed 2 environment\\(s\\) from ${root()}, [0-9.]+ [kMG]?B freed$`, 'm'));
    expect(fs.readdirSync(root())).toEqual([]);
  }, SLOW);

  it('--latest 1 tries the newest version the index (the --find-links directory) offers; a half-made environment is not reused', async () => {
    // What a power cut leaves: an install's partial directory, and a directory without the marker of a complete install.
    fs.mkdirSync(path.join(root(), 'python-2025.2.0.partial', 'bin'), { recursive: true });
    fs.mkdirSync(path.join(root(), 'python-2025.2.0', 'bin'), { recursive: true });
    const result = await tryOpenvino(['--latest', '1']);
    expect(result.exitCode, result.stderr).toBe(0);
    expect(result.stdout).toMatch(/^ {2}2025\.2\.0 {3}installed now /m);
    expect(result.stdout).toMatch(/^ {2}Version\s+NPU\s+CPU\n {2}2025\.2\.0\s+✓ ok/m);
    expect(result.stdout).not.toContain('2025.1.0');
    expect(fs.readdirSync(root())).toEqual(['python-2025.2.0']);
  }, SLOW);
});

describe('try-openvino with npm (openvino-node prefixes)', () => {
  it('installs each tarball with the real npm, tests it, and reports the missing one as install_failed', async () => {
    const result = await tryOpenvino(['--kind', 'node', '--versions', '2025.1.0,2025.2.0,2024.9.0']);
    expect(result.exitCode, result.stderr).toBe(0);
    expect(result.stdout).toMatch(/^ {2}2025\.1\.0\s+✗ compile_crash; DRIVER ✗ compile_crash, PLUGIN ✗ compile_error\s+✓ ok$/m);
    expect(result.stdout).toMatch(/^ {2}2025\.2\.0\s+✓ ok( with \w+)?; DRIVER ✓ ok, PLUGIN ✓ ok\s+✓ ok$/m);
    expect(result.stdout).toMatch(/^ {2}2024\.9\.0\s+✗ install_failed: npm: npm error enoent ENOENT: no such file or directory, open '\S+\/openvino-node-2024\.9\.0\.tgz' \/ npm error enoent This is related to npm not being able to find a file\.$/m);
    expect(result.stdout).toContain('openvino-node 2025.2.0 works with intel-npu-driver 1.16.0-1.fc44 on this Lunar Lake NPU; 2025.1.0 crashes in compile with the DRIVER compiler; 2024.9.0 could not be installed');
    expect(fs.readdirSync(root()).filter((name) => name.startsWith('node-')).sort()).toEqual(['node-2025.1.0', 'node-2025.2.0']);
  }, SLOW);
});

describe('try-openvino interrupted by Ctrl-C during an install', () => {
  it('ends the install, removes its partial environment and exits 130', async () => {
    // A base Python whose `-m venv DIR` makes DIR, writes its pid there, then hangs like a slow download.
    const bin = tempDir();
    const python = path.join(bin, 'python3');
    fs.writeFileSync(python, '#!/bin/sh\nfor last; do :; done\nmkdir -p "$last"\necho $$ > "$last/hanging"\nexec sleep 600\n', { mode: 0o755 });
    const child = spawn(process.execPath, [CLI, 'try-openvino', '--versions', '2025.3.0', '--config', config], {
      env: { ...process.env, ...pathEnv(host.bin), NPU_WATCH_CONFIG: '', ...env(), NPU_WATCH_TRY_PYTHON: python },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    const exited = new Promise<number | null>((resolve) => child.once('close', (code) => resolve(code)));
    const partial = path.join(root(), 'python-2025.3.0.partial');
    const pid = await eventually(async () => {
      const text = fs.existsSync(path.join(partial, 'hanging')) ? fs.readFileSync(path.join(partial, 'hanging'), 'utf8').trim() : '';
      return text === '' ? undefined : Number(text);
    }, 'the install to start');
    child.kill('SIGINT');
    expect(await exited).toBe(130);
    expect(stderr).toMatch(/^npu-watch: interrupted by SIGINT; nothing left running, no half-made environment left$/m);
    expect(fs.existsSync(partial)).toBe(false);
    expect(fs.existsSync(path.join(root(), 'python-2025.3.0'))).toBe(false);
    expect(() => process.kill(pid, 0)).toThrow(/ESRCH/);
  }, SLOW);
});

describe('what try-openvino found, kept', () => {
  const stateDir = () => path.join(path.dirname(config), 'state');

  it('is kept in the state dir per kind and version (the interrupted try left nothing)', () => {
    const kept = JSON.parse(fs.readFileSync(path.join(stateDir(), 'try-openvino.json'), 'utf8')) as { version: number; entries: TryEntry[] };
    expect(kept.version).toBe(1);
    expect(kept.entries.map((e) => [e.kind, e.version, tryEntryWorks(e), e.install_failed === null ? null : e.install_failed.slice(0, 9)])).toEqual([
      ['node', '2024.9.0', false, 'npm: npm '],
      ['node', '2025.1.0', false, null],
      ['node', '2025.2.0', true, null],
      ['python', '2024.9.0', false, 'pip: ERRO'],
      ['python', '2025.1.0', false, null],
      ['python', '2025.2.0', true, null],
    ]);
    const crash = kept.entries.find((e) => e.kind === 'python' && e.version === '2025.1.0')!;
    expect(crash.devices[0]).toMatchObject({ device: 'NPU', result: 'compile_crash', working: false, compiler: 'DRIVER' });
    expect(crash.devices[0]!.signature).toMatch(/^ZE_RESULT_ERROR_UNKNOWN 0x7ffffffe/);
    expect(crash).toMatchObject({ npu_driver: 'intel-npu-driver 1.16.0-1.fc44', fake: true });
  });

  it('is exported by the daemon from its start: one series per version, kind, device and result', async () => {
    const daemonConfig = `${config}.daemon.toml`;
    fs.writeFileSync(daemonConfig, `${fs.readFileSync(config, 'utf8')}\n[http]\nlisten = "127.0.0.1:0"\n`);
    const daemon = await startDaemon(daemonConfig, { bin: host.bin, env: env() });
    try {
      const text = await (await fetch(`${daemon.url}/metrics`)).text();
      expect(text).toContain('npuwatch_try_openvino_result{version="2025.1.0",kind="python",device="NPU",result="compile_crash"} 1');
      expect(text).toContain('npuwatch_try_openvino_result{version="2025.2.0",kind="python",device="NPU",result="ok"} 1');
      expect(text).toContain('npuwatch_try_openvino_result{version="2025.2.0",kind="node",device="CPU",result="ok"} 1');
      expect(text).toContain('npuwatch_try_openvino_result{version="2024.9.0",kind="python",device="",result="install_failed"} 1');
    } finally {
      await daemon.stop();
    }
  }, SLOW);

  it('tells check, when the NPU fails with every configured runtime, that a working version exists', async () => {
    const seed = await installFakeRuntime(path.join(tempDir(), 'seed'), 'fedora43', { openvino_version: '2025.1.0' });
    const runtimes = fakeRuntimesToml([{ name: 'seed-pip', module: seed }]);
    const checkConfig = `${config}.check.toml`;
    fs.writeFileSync(checkConfig, `${fs.readFileSync(config, 'utf8').replace(CANARY, '')}\n${runtimes}${CANARY}`);
    const result = await runCli(['check', '--json', '--config', checkConfig], { bin: host.bin, env: env() });
    expect(result.exitCode, result.stderr).toBe(1);
    const report = JSON.parse(result.stdout) as CheckReport;
    const found = report.diagnosis.find((d) => d.id === 'openvino-working-version-exists');
    // The failing runtime is an openvino-node: the working openvino-node is named, though pip's 2025.2.0 works too.
    expect(found?.summary).toBe('A working OpenVINO version exists: openvino-node 2025.2.0 passed on the NPU with npu-watch try-openvino [fake runtime: test data]');
    expect(found?.evidence).toContainEqual(expect.stringMatching(/^openvino 2025\.2\.0 \(\S+, intel-npu-driver 1\.16\.0-1\.fc44\): NPU ok; CPU ok$/));
    expect(found?.evidence).toContainEqual(expect.stringMatching(/^openvino 2025\.1\.0 \([^)]+\): NPU compile_crash with DRIVER: ZE_RESULT_ERROR_UNKNOWN 0x7ffffffe/));
    expect(found?.next_step).toBe('Install it where the failing runtime runs: `npm install openvino-node@2025.2.0` (or use try-openvino\'s npm prefix as a [[runtimes]] module).');
  }, SLOW);
});
