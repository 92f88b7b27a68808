// Every installed OpenVINO runtime side by side (issue 13), through the real CLI and daemon on the seed's fixture
// host: two copies of the fake openvino-node installed in directories of their own, as `npm install --prefix DIR
// openvino-node@VERSION` would put two releases side by side. One is the seed's pip OpenVINO 2025.1.0 with its
// compile crash, the other a 2026.4.0 that works. A python runtime whose interpreter is missing is
// runtime_missing with the reason, before anything is launched.
import fs from 'node:fs';
import fsp from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CheckReport } from '../../src/report/check-report.js';
import { eventually, runCli, startDaemon, writeFixtureConfig } from '../helpers/cli.js';
import { fakeRuntimesToml, installFakeRuntime, removeTempDirs, tempDir } from '../helpers/fake-runtime.js';
import { landRpmUpdate, materializeHost, writeRpmDatabase, type MaterializedHost } from '../helpers/host-fixture.js';
import { fakeOpenvinoVenv } from '../helpers/python-worker.js';

const CANARY = '\n[canary]\ndevices = ["NPU", "CPU"]\ntimeout_seconds = 60\nstage_timeout_seconds = 30\nkill_grace_seconds = 1\n';

let host: MaterializedHost;
let pip: string;
let node2026: string;
beforeAll(async () => {
  host = await materializeHost('fedora43-lunarlake');
  const dir = tempDir();
  pip = await installFakeRuntime(path.join(dir, '2025.1'), 'fedora43', { openvino_version: '2025.1.0' });
  node2026 = await installFakeRuntime(path.join(dir, '2026.4'), 'working', { openvino_version: '2026.4.0' });
});
afterAll(() => {
  host.cleanup();
  removeTempDirs();
});

const twoRuntimes = () => fakeRuntimesToml([{ name: 'pip-2025.1', module: pip }, { name: 'node-2026.4', module: node2026 }]);

describe('check with two runtimes on the seed laptop', () => {
  let report: CheckReport;
  let table: string;
  beforeAll(async () => {
    const config = await writeFixtureConfig(host.paths, `${twoRuntimes()}${CANARY}`);
    const json = await runCli(['check', '--json', '--config', config], { bin: host.bin });
    expect(json.exitCode, json.stderr).toBe(1);
    report = JSON.parse(json.stdout) as CheckReport;
    table = (await runCli(['check', '--config', config], { bin: host.bin })).stdout;
  });

  it('gives a verdict per runtime and device, each carrying its runtime', () => {
    expect(report.devices.map((d) => [d.runtime?.name, d.runtime?.openvino_version, d.device, d.canary?.result, d.working])).toEqual([
      ['pip-2025.1', '2025.1.0', 'NPU', 'compile_crash', false],
      ['pip-2025.1', '2025.1.0', 'CPU', 'ok', true],
      ['node-2026.4', '2026.4.0', 'NPU', 'ok', true],
      ['node-2026.4', '2026.4.0', 'CPU', 'ok', true],
    ]);
    expect(report.canary_pass?.runtimes).toEqual([
      { name: 'pip-2025.1', kind: 'node', openvino_version: '2025.1.0' },
      { name: 'node-2026.4', kind: 'node', openvino_version: '2026.4.0' },
    ]);
    expect(report.canary_pass?.duration_seconds).toBeGreaterThan(0);
  });

  it('says which OpenVINO works with the installed NPU driver and which does not', () => {
    const versions = report.diagnosis.find((d) => d.id === 'openvino-versions-on-npu')!;
    expect(versions.summary).toBe('OpenVINO 2026.4.0 (node-2026.4) works with the installed NPU driver; 2025.1.0 (pip-2025.1) does not');
    expect(versions.evidence[0]).toMatch(/^2025\.1\.0 \(pip-2025\.1\): compile_crash with DRIVER: ZE_RESULT_ERROR_UNKNOWN 0x7ffffffe/);
    expect(versions.evidence[1]).toMatch(/^2026\.4\.0 \(node-2026\.4\): ok( with \w+)?$/);
    expect(versions.next_step).toMatch(/^2025\.1\.0 \(pip-2025\.1\): upgrade openvino to 2026\.4\.0 \(`npm install openvino-node@2026\.4\.0` where pip-2025\.1 is installed\)$/);
  });

  it('never says the NPU works for the runtime that crashes: the per-runtime rules speak of the crashing one and name it', () => {
    const scoped = report.diagnosis.filter((d) => d.id !== 'openvino-versions-on-npu');
    expect(scoped.length).toBeGreaterThan(0);
    for (const d of scoped) {
      expect(d.runtime?.name, d.id).toBe('pip-2025.1');
      expect(d.summary, d.id).toMatch(/\(OpenVINO 2025\.1\.0 \(pip-2025\.1\)\)$/);
      expect(d.summary, d.id).not.toMatch(/NPU works/);
    }
    expect(scoped.map((d) => d.id)).toContain('npu-driver-compiler-fails');
  });

  it('prints the matrix runtime × device, with the compiler runs on NPU', () => {
    const lines = table.split('\n');
    const at = lines.findIndex((line) => line.startsWith('OpenVINO runtimes × devices'));
    expect(at).toBeGreaterThan(0);
    const [header, pipRow, nodeRow] = lines.slice(at + 1, at + 4);
    expect(header).toMatch(/^ {2}Runtime \(OpenVINO\)\s+NPU\s+CPU$/);
    expect(pipRow).toMatch(/^ {2}pip-2025\.1 2025\.1\.0 \[fake\]\s+✗ compile_crash; DRIVER ✗ compile_crash, PLUGIN ✗ compile_error\s+✓ ok$/);
    expect(nodeRow).toMatch(/^ {2}node-2026\.4 2026\.4\.0 \[fake\]\s+✓ ok( with \w+)?; DRIVER ✓ ok, PLUGIN ✓ ok\s+✓ ok$/);
    // What works, per runtime: the crash is pip-2025.1's, the pass node-2026.4's.
    expect(table).toMatch(/^ {2}✗ NPU with pip-2025\.1 2025\.1\.0 canary: compile_crash in compile \(SIGABRT\): ZE_RESULT_ERROR_UNKNOWN 0x7ffffffe/m);
    expect(table).toMatch(/^ {2}✓ NPU with node-2026\.4 2026\.4\.0 canary: works/m);
  });
});

// The seed's own setup: OpenVINO 2025.1.0 from pip in a virtual environment (the fake openvino Python package,
// crashing in compile like the seed), run by npu-watch's Python worker, beside an openvino-node 2026.4.0 that works.
describe("check with the seed's pip OpenVINO in a venv beside a working openvino-node", () => {
  let report: CheckReport;
  let table: string;
  beforeAll(async () => {
    const venv = fakeOpenvinoVenv(path.join(tempDir(), 'venv'), { scenario: 'fedora43', openvino_version: '2025.1.0' });
    const runtimes = fakeRuntimesToml([{ name: 'venv', interpreter: venv.interpreter }, { name: 'node-2026.4', module: node2026 }]);
    const config = await writeFixtureConfig(host.paths, `${runtimes}${CANARY}`);
    const json = await runCli(['check', '--json', '--config', config], { bin: host.bin });
    expect(json.exitCode, json.stderr).toBe(1);
    report = JSON.parse(json.stdout) as CheckReport;
    table = (await runCli(['check', '--config', config], { bin: host.bin })).stdout;
  });

  it('gives the Python runtime its own verdicts: the crash in compile on NPU, CPU passing', () => {
    expect(report.devices.map((d) => [d.runtime?.name, d.runtime?.kind, d.runtime?.openvino_version, d.device, d.canary?.result, d.working])).toEqual([
      ['venv', 'python', '2025.1.0', 'NPU', 'compile_crash', false],
      ['venv', 'python', '2025.1.0', 'CPU', 'ok', true],
      ['node-2026.4', 'node', '2026.4.0', 'NPU', 'ok', true],
      ['node-2026.4', 'node', '2026.4.0', 'CPU', 'ok', true],
    ]);
    const npu = report.devices[0]!.canary!;
    expect([npu.stage, npu.signal]).toEqual(['compile', 'SIGABRT']);
    expect(npu.signature).toMatch(/^ZE_RESULT_ERROR_UNKNOWN 0x7ffffffe/);
  });

  it('prints the matrix and says which OpenVINO works, never that the NPU works for the Python runtime', () => {
    expect(table).toMatch(/^ {2}venv 2025\.1\.0 \[fake\]\s+✗ compile_crash; DRIVER ✗ compile_crash/m);
    expect(table).toMatch(/^ {2}node-2026\.4 2026\.4\.0 \[fake\]\s+✓ ok/m);
    const versions = report.diagnosis.find((d) => d.id === 'openvino-versions-on-npu')!;
    expect(versions.summary).toBe('OpenVINO 2026.4.0 (node-2026.4) works with the installed NPU driver; 2025.1.0 (venv) does not');
    for (const d of report.diagnosis.filter((d) => d.id !== 'openvino-versions-on-npu')) {
      expect(d.runtime?.name, d.id).toBe('venv');
      expect(d.summary, d.id).not.toMatch(/NPU works/);
    }
  });
});

describe('the daemon with two runtimes', () => {
  it('exports both runtimes on every canary series, and the pass duration', async () => {
    const config = await writeFixtureConfig(host.paths, `${twoRuntimes()}${CANARY}\n[status]\nfailures_to_broken = 1\n\n[http]\nlisten = "127.0.0.1:0"\n`);
    // A status.json from before runtimes (version 1, keyed by device): its NPU was broken with [runtime] module.
    const stateDir = path.join(path.dirname(config), 'state');
    fs.mkdirSync(stateDir, { recursive: true, mode: 0o700 });
    const since = Date.UTC(2025, 10, 23);
    fs.writeFileSync(
      path.join(stateDir, 'status.json'),
      JSON.stringify({ version: 1, devices: { NPU: { state: 'broken', passes: 0, failures: 4, signature: 'ZE_RESULT_ERROR_UNKNOWN 0x7ffffffe', since } }, last_observations: {}, next_event_id: 5, events: [] }),
    );
    const daemon = await startDaemon(config, { bin: host.bin });
    try {
      const scrape = await eventually(async () => {
        const text = await (await fetch(`${daemon.url}/metrics`)).text();
        return text.includes('npuwatch_canary_runs_total{runtime="node-2026.4",device="CPU"}') ? text : undefined;
      }, 'the first canary pass');
      expect(Number(/^npuwatch_canary_pass_duration_seconds (\S+)$/m.exec(scrape)?.[1])).toBeGreaterThan(0);
      expect(scrape).toContain('npuwatch_canary_result{runtime="pip-2025.1",device="NPU",result="compile_crash"} 1');
      expect(scrape).toContain('npuwatch_canary_result{runtime="node-2026.4",device="NPU",result="ok"} 1');
      expect(scrape).toContain('npuwatch_canary_success{runtime="pip-2025.1",device="CPU"} 1');
      expect(scrape).toContain('npuwatch_canary_success{runtime="node-2026.4",device="CPU"} 1');
      expect(scrape).toContain('npuwatch_runtime_info{runtime="pip-2025.1",kind="node",openvino_version="2025.1.0",fake="true"} 1');
      expect(scrape).toContain('npuwatch_runtime_info{runtime="node-2026.4",kind="node",openvino_version="2026.4.0",fake="true"} 1');
      // One failure makes a device broken here: the working runtime's NPU is working, the crashing one's is not.
      const states = await eventually(async () => {
        const text = await (await fetch(`${daemon.url}/metrics`)).text();
        return text.includes('npuwatch_device_working{runtime="pip-2025.1",device="NPU"} 0') ? text : undefined;
      }, 'the crashing runtime broken');
      expect(states).toContain('npuwatch_device_working{runtime="node-2026.4",device="NPU"} 1');
      // The old file's history is openvino-node's now, kept, but not exported: openvino-node is not configured here.
      expect(states).not.toMatch(/runtime="openvino-node"/);
      // The events: "started working" only for the runtime that works, naming it.
      const status = (await (await fetch(`${daemon.url}/status`)).json()) as { recent_events?: { kind: string; summary: string }[]; status?: { recent_events: { kind: string; summary: string }[] } };
      const events = status.status?.recent_events ?? status.recent_events ?? [];
      const devices = (status as { status?: { devices: Record<string, { state: string; since: number | null }> } }).status?.devices ?? {};
      expect(devices['openvino-node/NPU']).toMatchObject({ state: 'broken', since });
      const started = events.filter((e) => e.kind === 'started_working').map((e) => e.summary);
      expect(started).toEqual([expect.stringMatching(/^NPU on OpenVINO 2026\.4\.0 \(node-2026\.4\) started working/)]);
      expect(events.map((e) => e.summary).join('\n')).not.toMatch(/pip-2025\.1\) started working/);
    } finally {
      expect(await daemon.stop()).toEqual({ exitCode: 0, signal: null });
    }
  });
});

describe('a python runtime that cannot start', () => {
  it('a missing interpreter and a broken venv are runtime_missing with the reason, and nothing else is launched for them', async () => {
    const venv = path.join(tempDir(), 'venv');
    fs.mkdirSync(path.join(venv, 'bin'), { recursive: true });
    // A venv whose base interpreter was removed: bin/python is a symlink to nothing.
    fs.symlinkSync(path.join(venv, 'gone', 'python3.13'), path.join(venv, 'bin', 'python'));
    const toml = fakeRuntimesToml([
      { name: 'openvino-node', module: node2026 },
      { name: 'nowhere', interpreter: '/nonexistent/venv/bin/python' },
      { name: 'broken-venv', interpreter: path.join(venv, 'bin', 'python') },
    ]);
    const config = await writeFixtureConfig(host.paths, `${toml}${CANARY}`);
    const result = await runCli(['check', '--json', '--config', config, '--device', 'CPU'], { bin: host.bin });
    const report = JSON.parse(result.stdout) as CheckReport;
    const entry = (name: string) => report.devices.find((d) => d.runtime?.name === name)!;
    expect(entry('openvino-node').canary?.result).toBe('ok');
    expect(entry('nowhere').canary).toMatchObject({
      result: 'runtime_missing',
      stage: null,
      message: 'python runtime "nowhere": the interpreter /nonexistent/venv/bin/python does not exist',
    });
    expect(entry('broken-venv').canary).toMatchObject({
      result: 'runtime_missing',
      message: `python runtime "broken-venv": the interpreter ${path.join(venv, 'bin', 'python')} is a symlink to a missing file (${path.join(venv, 'gone', 'python3.13')}): a broken virtual environment`,
    });
    expect(entry('nowhere').runtime).toEqual({ name: 'nowhere', kind: 'python', openvino_version: null });
    expect(result.exitCode).toBe(1);
  });
});

describe("a runtime whose OpenVINO version changes", () => {
  it('is a component change, told as an event, and the canary runs again on it', async () => {
    const updated = await materializeHost('fedora43-lunarlake');
    const dir = tempDir();
    const module = await installFakeRuntime(path.join(dir, 'venv-like'), 'working', { openvino_version: '2025.1.0' });
    const never = '0 0 1 1 *';
    const config = await writeFixtureConfig(
      updated.paths,
      `${fakeRuntimesToml([{ name: 'venv-like', module }])}\n[canary]\ndevices = ["CPU"]\n\n[schedule]\nprobes = "${never}"\ncanary = "${never}"\nupdates = "${never}"\n\n[watch]\ndebounce_seconds = 0.5\n\n[http]\nlisten = "127.0.0.1:0"\n`,
    );
    await writeRpmDatabase(updated);
    const daemon = await startDaemon(config, { bin: updated.bin });
    const runs = async () => {
      const text = await (await fetch(`${daemon.url}/metrics`)).text();
      return Number(/^npuwatch_canary_runs_total\{runtime="venv-like",device="CPU"\} (\d+)$/m.exec(text)?.[1] ?? 0);
    };
    try {
      await eventually(async () => ((await runs()) === 1 ? true : undefined), 'the first canary pass');
      // `pip install -U` in the venv: the runtime's own files change, no package database does.
      await fsp.writeFile(path.join(dir, 'venv-like', 'npu-watch-fake-scenario.json'), JSON.stringify({ scenario: 'working', openvino_version: '2026.4.0' }));
      // Something else makes the next pass run (a package update): it meets the new OpenVINO, which runs it once more.
      await landRpmUpdate(updated, 'intel-level-zero', '25.35.35096.9', '1.fc43');
      const changed = await daemon.waitForLine((line) => line.event === 'component_changed' && line.component === 'openvino (venv-like)', 60_000);
      expect(changed).toMatchObject({ from: '2025.1.0', to: '2026.4.0', msg: 'component changed: openvino (venv-like) 2025.1.0 → 2026.4.0' });
      await eventually(async () => ((await runs()) === 3 ? true : undefined), 'the canary run again on the new version');
      const status = (await (await fetch(`${daemon.url}/status`)).json()) as { status: { recent_events: { kind: string; detail: { changed_components?: unknown } }[] } };
      const components = status.status.recent_events.filter((e) => e.kind === 'component_changed').map((e) => e.detail.changed_components);
      expect(components).toContainEqual({ 'openvino (venv-like)': { from: '2025.1.0', to: '2026.4.0' } });
      const text = await (await fetch(`${daemon.url}/metrics`)).text();
      expect(text).toContain('npuwatch_runtime_info{runtime="venv-like",kind="node",openvino_version="2026.4.0",fake="true"} 1');
      // The pass after the one that saw the new version ran because of it: it started after the change was logged.
      const lines = daemon.lines();
      const changeAt = lines.findIndex((line) => line.event === 'component_changed' && line.component === 'openvino (venv-like)');
      expect(changeAt).toBeGreaterThan(0);
      expect(lines.slice(changeAt).filter((line) => line.msg === 'canary: CPU')).toHaveLength(1);
    } finally {
      expect(await daemon.stop()).toEqual({ exitCode: 0, signal: null });
      updated.cleanup();
    }
  });
});
