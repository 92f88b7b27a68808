import { describe, expect, it } from 'vitest';
import type { DeviceReport } from '../../../src/probes/device/types.js';
import { lunarLakeNpu } from '../../helpers/npu-device.js';
import type { Inventory } from '../../../src/probes/inventory/types.js';
import type { ProbeOutcome } from '../../../src/probes/types.js';
import { buildCheckReport, checkExitCode, diagnoseFactsOf } from '../../../src/report/check-report.js';
import { emptyProbeOutcomes, type ProbeOutcomes } from '../../../src/probes/registry.js';
import type { ProbePass } from '../../../src/report/probe-pass.js';
import { renderCheck } from '../../../src/report/render-check.js';
import { kernelLogOf } from '../diagnosis/canary-fixtures.js';

const ok = <T>(probe: string, data: T): ProbeOutcome<T> => ({ probe, success: true, data, error: null, startedAt: 0, durationSeconds: 0.1 });
const npu = lunarLakeNpu;
const firmware: Inventory = { packageManager: 'rpm', components: [{ component: 'npu-firmware', version: '20250708*LNL', source: 'kernel-log' }] };
// A pass in which only these probes have run.
const ran = (probes: Partial<ProbeOutcomes>): ProbePass => ({ probes: { ...emptyProbeOutcomes(), ...probes }, canaries: null });
const pass = (devices: DeviceReport, inventory: Inventory = firmware): ProbePass => ran({ device: ok('device', devices), inventory: ok('inventory', inventory) });
const deviceFailed = (error: string): ProbePass => ran({ device: { probe: 'device', success: false, data: null, error, startedAt: 0, durationSeconds: 0 } });
const now = new Date('2026-11-26T08:00:00Z');

// The diagnosis table: each host situation and the rule it must produce (first failing link first).
const cases: [string, ProbePass, string[]][] = [
  ['no NPU on the bus', pass({ npus: [], gpus: [] }), ['no-npu-on-pci-bus']],
  ['NPU without a driver', pass({ npus: [npu({ driver: null, node: null })], gpus: [] }), ['npu-driver-not-bound']],
  ['driver bound, no node', pass({ npus: [npu({ node: null })], gpus: [] }), ['npu-device-node-missing']],
  [
    'node not accessible',
    pass({ npus: [npu({ node: { path: '/dev/accel/accel0', accessible: false, mode: '0600', uid: 0, gid: 0, group: 'root', inOwningGroup: false } })], gpus: [] }),
    ['npu-device-node-not-accessible'],
  ],
  ['no firmware anywhere', pass({ npus: [npu()], gpus: [] }, { packageManager: 'rpm', components: [] }), ['npu-firmware-missing']],
  ['everything in place', pass({ npus: [npu()], gpus: [] }), []],
  ['device probe failed: no verdict', deviceFailed('EIO'), []],
];

describe('diagnosis in the check report', () => {
  for (const [name, probePass, ids] of cases) {
    it(name, () => {
      expect(buildCheckReport(probePass, ['NPU'], '0.1.0', now).diagnosis.map((d) => d.id)).toEqual(ids);
    });
  }
});

describe('buildCheckReport', () => {
  it('maps OpenVINO device names to hardware: GPU.1 is the second Intel GPU, CPU is always present', () => {
    const gpus = [{ pciAddress: '0000:00:02.0', deviceId: '0x64a0', driver: 'xe' }, { pciAddress: '0000:03:00.0', deviceId: '0xe20b', driver: 'xe' }];
    const report = buildCheckReport(pass({ npus: [npu()], gpus }), ['NPU', 'GPU.1', 'GPU.2', 'CPU'], '0.1.0', now);
    expect(report.devices.map((d) => [d.device, d.present, (d.hardware as { pciAddress?: string } | null)?.pciAddress ?? null])).toEqual([
      ['NPU', true, '0000:00:0b.0'],
      ['GPU.1', true, '0000:03:00.0'],
      ['GPU.2', false, null],
      ['CPU', true, null],
    ]);
  });

  it('presence is unknown (null) when the device probe failed, and the failure is listed', () => {
    const report = buildCheckReport(deviceFailed('EIO reading vendor'), ['NPU'], '0.1.0', now);
    expect(report.devices[0]!.present).toBeNull();
    expect(renderCheck(report)).toContain('  ✗ device: EIO reading vendor');
    expect(renderCheck(report)).toContain('  ? NPU: unknown (the device probe failed)');
  });

  it('exit code is 0 only when every asked device is verified working', () => {
    const report = buildCheckReport(pass({ npus: [npu()], gpus: [] }), ['NPU', 'CPU'], '0.1.0', now);
    expect(checkExitCode(report)).toBe(1);
    expect(checkExitCode({ ...report, devices: report.devices.map((d) => ({ ...d, working: true })) })).toBe(0);
    expect(checkExitCode({ ...report, devices: report.devices.map((d, i) => ({ ...d, working: i === 0 })) })).toBe(1);
  });

  it('attaches update candidates to components and reports an update check that found no data', () => {
    const inventory: Inventory = { packageManager: 'rpm', components: [{ component: 'intel-npu-driver', version: '1.16.0-1.fc44', source: 'rpm' }] };
    const installed = pass({ npus: [npu()], gpus: [] }, inventory);
    const withUpdates: ProbePass = {
      ...installed,
      probes: {
        ...installed.probes,
        updates: ok('updates', { status: 'ok' as const, manager: 'dnf' as const, candidates: [{ package: 'intel-npu-driver', version: '1.17.0-1.fc43', repository: 'updates' }], openvino: [] }),
      },
    };
    expect(buildCheckReport(withUpdates, ['NPU'], '0.1.0', now).components[0]!.update).toEqual({ version: '1.17.0-1.fc43', repository: 'updates' });
    const offline: ProbePass = { ...withUpdates, probes: { ...withUpdates.probes, updates: ok('updates', { status: 'no_data' as const, reason: 'dnf could not reach its mirrors', openvino: [] }) } };
    const report = buildCheckReport(offline, ['NPU'], '0.1.0', now);
    expect(report.updates).toEqual({ status: 'no_data', reason: 'dnf could not reach its mirrors' });
    expect(renderCheck(report)).toContain('(updates not checked: dnf could not reach its mirrors)');
  });
});

describe('diagnoseFactsOf', () => {
  // Two of intel/linux-npu-driver#113's lines, as the inventory keeps them (test/fixtures/kernel-logs).
  const kernelLog = kernelLogOf([
    'intel_vpu 0000:00:0b.0: enabling device (0000 -> 0002)',
    'intel_vpu 0000:00:0b.0: [drm] Firmware: intel/vpu/vpu_40xx_v0.0.bin, version: Mar  6 2025*NPU40xx*ci_tag_ud202512_vpu_rc_20250306_1130*5064b5debc377e1c4b74f69dc14e2e536dba393d',
  ]);

  it('gives the diagnosis this boot’s NPU kernel lines from the inventory', () => {
    const facts = diagnoseFactsOf(pass({ npus: [npu()], gpus: [] }, { ...firmware, kernelLog }), { expected_tokens_per_second: { NPU: [20, 40] } });
    expect(facts.kernel_log).toEqual(kernelLog);
    expect(facts.expected_tokens_per_second).toEqual({ NPU: [20, 40] });
  });

  it("gives the diagnosis the caller's kernel lines (the daemon's follower) over the inventory's", () => {
    const followed = kernelLogOf(['intel_vpu 0000:00:0b.0: [drm] *ERROR* ivpu_pm_recovery_work(): Recovering the NPU (reset #1)']);
    expect(diagnoseFactsOf(pass({ npus: [npu()], gpus: [] }, { ...firmware, kernelLog }), { kernel_log: followed }).kernel_log).toEqual(followed);
  });

  it('has no kernel lines (null) when the journal was not readable or the inventory failed', () => {
    expect(diagnoseFactsOf(pass({ npus: [npu()], gpus: [] }, { ...firmware, kernelLog: null }), {}).kernel_log).toBeNull();
    expect(diagnoseFactsOf(deviceFailed('EIO'), {}).kernel_log).toBeNull();
  });
});

describe('NPU firmware files in the check report', () => {
  // The Ubuntu fixture host as npu-watch's service user sees it: intel-fw-npu's 0400 image in updates/ and
  // linux-firmware's older .zst of the same name.
  const ubuntuFirmware: NonNullable<Inventory['firmware']> = {
    searchPath: ['/lib/firmware/updates/6.8.0-49-generic', '/lib/firmware/updates', '/lib/firmware/6.8.0-49-generic', '/lib/firmware'],
    files: [
      { name: 'intel/vpu/vpu_37xx_v0.0.bin', kernelPath: '/lib/firmware/updates/intel/vpu/vpu_37xx_v0.0.bin', path: '/lib/firmware/updates/intel/vpu/vpu_37xx_v0.0.bin', version: 'unknown', unknownBecause: 'permission denied' },
      { name: 'intel/vpu/vpu_37xx_v0.0.bin', kernelPath: '/lib/firmware/intel/vpu/vpu_37xx_v0.0.bin.zst', path: '/lib/firmware/intel/vpu/vpu_37xx_v0.0.bin.zst', version: '20240226*MTL_CLIENT_SILICON-release*1329*ci_tag_ud202410_vpu_rc_20240226_1329*5fb4b5c3cc6', unknownBecause: null },
    ],
    requests: [
      { ip: '37xx', name: 'intel/vpu/vpu_37xx_v1.bin', loads: null },
      { ip: '37xx', name: 'intel/vpu/vpu_37xx_v0.0.bin', loads: '/lib/firmware/updates/intel/vpu/vpu_37xx_v0.0.bin' },
    ],
  };

  it('carries every file found, with its directory, in --json', () => {
    const report = buildCheckReport(pass({ npus: [npu()], gpus: [] }, { ...firmware, firmware: ubuntuFirmware }), ['NPU'], '0.1.0', now);
    expect(report.firmware).toEqual(ubuntuFirmware);
  });

  it('lists the files for people, marking the one the kernel loads and why a version is unknown', () => {
    const text = renderCheck(buildCheckReport(pass({ npus: [npu()], gpus: [] }, { ...firmware, firmware: ubuntuFirmware }), ['NPU'], '0.1.0', now));
    expect(text).toContain(
      [
        'NPU firmware files (kernel search path: /lib/firmware/updates/6.8.0-49-generic, /lib/firmware/updates, /lib/firmware/6.8.0-49-generic, /lib/firmware)',
        '  /lib/firmware/updates/intel/vpu/vpu_37xx_v0.0.bin  unknown (permission denied)  ← loaded for intel/vpu/vpu_37xx_v0.0.bin',
        '  /lib/firmware/intel/vpu/vpu_37xx_v0.0.bin.zst  20240226*MTL_CLIENT_SILICON-release*1329*ci_tag_ud202410_vpu_rc_20240226_1329*5fb4b5c3cc6',
      ].join('\n'),
    );
  });

  it('has no firmware section when the inventory did not run', () => {
    const report = buildCheckReport(deviceFailed('EIO'), ['NPU'], '0.1.0', now);
    expect(report.firmware).toBeNull();
    expect(renderCheck(report)).not.toContain('NPU firmware files');
  });
});

describe('see: the threads behind a diagnosis', () => {
  it('every diagnosis in the report (check --json, /status) carries see[], empty for a rule without a source', () => {
    const report = buildCheckReport(pass({ npus: [], gpus: [] }), ['NPU'], '0.1.0', now);
    expect(report.diagnosis.map((d) => [d.id, d.see])).toEqual([['no-npu-on-pci-bus', []]]);
  });

  it('check and status print one see: line per thread under the diagnosis that names it, none under the others', () => {
    const report = buildCheckReport(pass({ npus: [], gpus: [] }), ['NPU'], '0.1.0', now);
    const url = 'https://github.com/intel/linux-npu-driver/issues/1';
    const withSource = { id: 'an-entry', summary: 'NPU matches a known failure: x', evidence: ['NPU: line'], next_step: 'fix it', see: [url] };
    const text = renderCheck({ ...report, diagnosis: [...report.diagnosis, withSource] }, 'status');
    const lines = text.split('\n');
    const at = lines.indexOf('  ✗ NPU matches a known failure: x [an-entry]');
    expect(lines.slice(at, at + 4)).toEqual(['  ✗ NPU matches a known failure: x [an-entry]', '      evidence: NPU: line', '      next: fix it', `      see: ${url}`]);
    expect(lines.filter((line) => line.trimStart().startsWith('see:'))).toHaveLength(1);
  });
});

describe('runtimes in the report', () => {
  it('before any canary: one entry per device with no runtime, no canary_pass, and no matrix', () => {
    const report = buildCheckReport(pass({ npus: [npu()], gpus: [] }), ['NPU', 'CPU'], '0.1.0', now);
    expect(report.devices.map((d) => [d.device, d.runtime])).toEqual([
      ['NPU', null],
      ['CPU', null],
    ]);
    expect(report.canary_pass).toBeNull();
    expect(renderCheck(report)).not.toContain('OpenVINO runtimes × devices');
  });

  it("renders a report from a daemon older than runtimes (no runtime, no canary_pass) as before", () => {
    const report = buildCheckReport(pass({ npus: [npu()], gpus: [] }), ['NPU'], '0.1.0', now);
    const old = { ...report, canary_pass: undefined, devices: report.devices.map(({ runtime: _runtime, ...rest }) => rest) } as unknown as typeof report;
    const text = renderCheck(old, 'status');
    expect(text).toContain('  ? NPU inference: not verified, no canary has run');
    expect(text).not.toContain('OpenVINO runtimes × devices');
  });
});
