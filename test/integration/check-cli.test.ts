import fs from 'node:fs';
import path from 'node:path';
import { execa } from 'execa';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CheckReport } from '../../src/report/check-report.js';
import { CLI, eventually, pathEnv, runCli, WORKER, writeFixtureConfig } from '../helpers/cli.js';
import { fakeRuntimeToml, fakeScenario } from '../helpers/fake-runtime.js';
import { commandsWith, materializeHost, type MaterializedHost } from '../helpers/host-fixture.js';
import { descendantsOf, leftOver, runs } from '../helpers/processes.js';

const versionOf = (report: CheckReport, component: string) =>
  report.components.find((entry) => entry.component === component)?.version;

describe('check against the seed laptop (Fedora 43, Lunar Lake)', () => {
  let host: MaterializedHost;
  let config: string;
  beforeAll(async () => {
    host = await materializeHost('fedora43-lunarlake');
    config = await writeFixtureConfig(host.paths);
  });
  afterAll(() => host.cleanup());

  it('--json finds the NPU, the seed\'s versions and the driver update, and exits 1 (nothing verified yet)', async () => {
    const result = await runCli(['check', '--json', '--config', config, '--device', 'NPU', '--device', 'GPU', '--device', 'CPU'], { bin: host.bin });
    expect(result.exitCode).toBe(1);
    const report = JSON.parse(result.stdout) as CheckReport;
    const npu = report.devices[0]!;
    expect(npu).toMatchObject({ device: 'NPU', present: true, working: false });
    // openvino-node is not installed on this machine: the canary says so instead of guessing.
    expect(npu.canary).toMatchObject({ result: 'runtime_missing', stage: 'load_runtime' });
    // …and why npm left it out (runtime-absence.test.ts checks each reason).
    expect(npu.canary!.message).toMatch(/^cannot load the OpenVINO runtime: npm left openvino-node \d{4}\.\d+\.\d+ out: /);
    expect(report.diagnosis[0]?.evidence[0]).toBe(`NPU, GPU, CPU: ${npu.canary!.message}`);
    expect(npu.hardware).toMatchObject({ generation: 'Lunar Lake', pciAddress: '0000:00:0b.0', revision: '0x04', driver: 'intel_vpu' });
    expect(report.devices.map((d) => [d.device, d.present])).toEqual([['NPU', true], ['GPU', true], ['CPU', true]]);
    expect(versionOf(report, 'intel-npu-driver')).toBe('1.16.0-1.fc44');
    expect(versionOf(report, 'intel-level-zero')).toBe('25.31.34666.3-1.fc43');
    expect(versionOf(report, 'oneapi-level-zero')).toBe('1.24.3-1.fc43');
    expect(versionOf(report, 'kernel')).toBe('6.17.6-300.fc43.x86_64');
    expect(versionOf(report, 'openvino-python')).toBe('2025.1.0');
    expect(versionOf(report, 'os')).toBe('fedora 43');
    expect(report.components.find((c) => c.component === 'intel-npu-driver')?.update).toEqual({ version: '1.17.0-1.fc43', repository: 'updates' });
    // The hardware, driver, node and firmware are in place: what is missing is the runtime.
    expect(report.diagnosis.map((d) => d.id)).toEqual(['openvino-runtime-missing']);
    expect(report.probes.map((p) => [p.probe, p.success])).toEqual([['device', true], ['inventory', true], ['updates', true]]);
  });

  it('as an unprivileged member of render, the 0660 root:render node is readable and writable', async () => {
    const result = await execa('setpriv', ['--reuid=65534', '--regid=65534', '--groups=105', process.execPath, CLI, 'check', '--json', '--config', config], {
      reject: false,
      env: { ...pathEnv(host.bin), NPU_WATCH_CONFIG: '', HOME: '/nonexistent' },
    });
    expect(result.stderr).toBe('');
    const report = JSON.parse(result.stdout) as CheckReport;
    expect(report.devices[0]!.hardware).toMatchObject({ node: { accessible: true, mode: '0660', group: 'render', inOwningGroup: true } });
    expect(report.diagnosis.map((d) => d.id)).not.toContain('npu-device-node-not-accessible');
  });

  // Starts `check`, waits until `command` runs under it, presses Ctrl-C (SIGINT, or `signal`), and returns how
  // it ended and what is left of the process group `command` ran in (only this check's own processes).
  const interrupt = async (configFile: string, bin: string, command: string[], env: Record<string, string> = {}, signal: NodeJS.Signals = 'SIGINT') => {
    const child = execa(process.execPath, [CLI, 'check', '--config', configFile], { reject: false, env: { ...pathEnv(bin), NPU_WATCH_CONFIG: '', ...env } });
    const group = await eventually(async () => {
      const tree = descendantsOf(child.pid!);
      const found = tree.find((process) => runs(process.argv, command));
      return found && tree.filter((process) => process.pgid === found.pgid);
    }, `${command.join(' ')} to run`);
    child.kill(signal);
    const result = await child;
    return { result, left: leftOver(group) };
  };

  it('Ctrl-C during the update check ends dnf and its children, prints why, and exits 130', async () => {
    const marker = '62.831';
    const bin = await commandsWith(host, 'dnf', `#!/bin/sh\nsleep ${marker}\n`);
    const { result, left } = await interrupt(config, bin, ['sleep', marker]);
    expect(result.exitCode).toBe(130);
    expect(result.stderr).toBe('npu-watch: interrupted by SIGINT; nothing left running');
    expect(result.stdout).toBe('');
    expect(left).toEqual([]);
  });

  it('SIGTERM does the same and exits 143', async () => {
    const marker = '62.832';
    const bin = await commandsWith(host, 'dnf', `#!/bin/sh\nsleep ${marker}\n`);
    const { result, left } = await interrupt(config, bin, ['sleep', marker], {}, 'SIGTERM');
    expect(result.exitCode).toBe(143);
    expect(result.stderr).toBe('npu-watch: interrupted by SIGTERM; nothing left running');
    expect(left).toEqual([]);
  });

  it('Ctrl-C during a hanging canary ends its worker too', async () => {
    const { env } = await fakeScenario('hang');
    const hanging = await writeFixtureConfig(host.paths, fakeRuntimeToml({ devices: ['NPU'] }));
    const { result, left } = await interrupt(hanging, host.bin, [WORKER], env);
    expect(result.exitCode).toBe(130);
    expect(result.stderr).toBe('npu-watch: interrupted by SIGINT; nothing left running');
    expect(left).toEqual([]);
  });

  it("prints the seed's component versions as a table, like the status page", async () => {
    const result = await runCli(['check', '--config', config], { bin: host.bin });
    expect(result.exitCode).toBe(1);
    const table = result.stdout;
    expect(table).toContain('✓ NPU hardware: Lunar Lake NPU (8086:643e rev 04) at 0000:00:0b.0');
    expect(table).toMatch(/^ {2}intel-npu-driver +1\.16\.0-1\.fc44 +rpm +1\.17\.0-1\.fc43 available$/m);
    expect(table).toMatch(/^ {2}intel-level-zero +25\.31\.34666\.3-1\.fc43 +rpm$/m);
    expect(table).toMatch(/^ {2}oneapi-level-zero +1\.24\.3-1\.fc43 +rpm$/m);
    expect(table).toMatch(/^ {2}kernel +6\.17\.6-300\.fc43\.x86_64 +procfs$/m);
    expect(table).toMatch(/^ {2}✗ NPU canary: runtime_missing in load_runtime: cannot load the OpenVINO runtime: npm left openvino-node \S+ out: /m);
    expect(result.stderr).toBe('');
  });
});

describe('check against an Ubuntu 24.04 Meteor Lake laptop with a root-only /dev/accel/accel0', () => {
  let host: MaterializedHost;
  let config: string;
  beforeAll(async () => {
    host = await materializeHost('ubuntu2404-meteorlake');
    config = await writeFixtureConfig(host.paths);
  });
  afterAll(() => host.cleanup());

  it('as an unprivileged user: the node is not accessible, and the diagnosis says how to fix it', async () => {
    const result = await execa('setpriv', ['--reuid=65534', '--regid=65534', '--clear-groups', process.execPath, CLI, 'check', '--json', '--config', config], {
      reject: false,
      env: { ...pathEnv(host.bin), NPU_WATCH_CONFIG: '', HOME: '/nonexistent' },
    });
    expect(result.stderr).toBe('');
    expect(result.exitCode).toBe(1);
    const report = JSON.parse(result.stdout) as CheckReport;
    expect(report.devices[0]!.hardware).toMatchObject({ generation: 'Meteor Lake', deviceId: '0x7d1d', node: { accessible: false, mode: '0600', group: 'root', inOwningGroup: false } });
    const diagnosis = report.diagnosis.find((d) => d.id === 'npu-device-node-not-accessible');
    expect(diagnosis?.evidence).toEqual([`${host.paths.dev}/accel/accel0 is mode 0600, group root`, 'this user is not in group root']);
    expect(diagnosis?.next_step).toContain('GROUP="render", MODE="0660"');
    // No worker is started for a node this user cannot open.
    expect(report.devices[0]!.canary).toMatchObject({ result: 'permission_denied', stage: null, duration_seconds: 0 });
    expect(report.devices[0]!.canary?.message).toBe(`${host.paths.dev}/accel/accel0 (mode 0600, group root) is not readable and writable by this user`);
    expect(versionOf(report, 'intel-level-zero-npu')).toBe('1.10.0.20241107-11729849322');
  });
});

describe('check against a machine with no NPU', () => {
  let host: MaterializedHost;
  let config: string;
  beforeAll(async () => {
    host = await materializeHost('no-npu');
    config = await writeFixtureConfig(host.paths);
  });
  afterAll(() => host.cleanup());

  it('says no NPU was found, per DESIGN.md\'s shape, and exits 1', async () => {
    const result = await runCli(['check', '--json', '--config', config], { bin: host.bin });
    expect(result.exitCode).toBe(1);
    const report = JSON.parse(result.stdout) as CheckReport;
    expect(report.devices[0]).toMatchObject({ device: 'NPU', present: false, openvino_listed: null, working: false, benchmark: null, hardware: null });
    // Nothing to run a canary on: it is reported as not run, with the reason.
    expect(report.devices[0]!.canary).toMatchObject({ result: 'device_missing', stage: null, message: 'no Intel NPU on the PCI bus', duration_seconds: 0 });
    expect(report.diagnosis.map((d) => d.id)).toEqual(['no-npu-on-pci-bus', 'openvino-runtime-missing']);
  });
});

describe('check on this machine, with built-in defaults', () => {
  it('agrees with what sysfs says about an NPU here', async () => {
    const result = await runCli(['check', '--json']);
    expect(result.exitCode).toBe(1);
    const report = JSON.parse(result.stdout) as CheckReport;
    const devices = fs.existsSync('/sys/bus/pci/devices') ? fs.readdirSync('/sys/bus/pci/devices') : [];
    const read = (dev: string, file: string) => fs.readFileSync(path.join('/sys/bus/pci/devices', dev, file), 'utf8').trim();
    const npuIds = ['0x7d1d', '0xad1d', '0x643e', '0xb03e', '0xfd3e'];
    const hasNpu = devices.some((dev) => read(dev, 'vendor') === '0x8086' && npuIds.includes(read(dev, 'device')));
    expect(report.devices[0]!.present).toBe(hasNpu);
    if (!hasNpu) expect(report.diagnosis.map((d) => d.id)).toContain('no-npu-on-pci-bus');
    expect(versionOf(report, 'kernel')).toBe(fs.readFileSync('/proc/sys/kernel/osrelease', 'utf8').trim());
  });
});

describe('command-line and config errors', () => {
  it('a usage error exits 2 with the usage', async () => {
    const result = await runCli(['check', '--device', 'TPU']);
    expect(result.exitCode).toBe(2);
    expect(result.stderr).toContain('npu-watch: --device "TPU" is not an OpenVINO device name');
    expect(result.stderr).toContain('usage: npu-watch <command>');
  });

  it('an invalid config exits 78 naming the file, line and key', async () => {
    const file = path.resolve(import.meta.dirname, '../fixtures/config/invalid-unknown-key.toml');
    const result = await runCli(['check', '--config', file]);
    expect(result.exitCode).toBe(78);
    expect(result.stderr).toBe(`npu-watch: config ${file}:3: unknown key "canary.timout_seconds"`);
    expect(result.stdout).toBe('');
  });

  it('NPU_WATCH_CONFIG is honoured when --config is absent', async () => {
    const file = path.resolve(import.meta.dirname, '../fixtures/config/invalid-listen.toml');
    const result = await runCli(['run'], { env: { NPU_WATCH_CONFIG: file } });
    expect(result.exitCode).toBe(78);
    expect(result.stderr).toContain(`config ${file}:3: http.listen`);
  });
});
