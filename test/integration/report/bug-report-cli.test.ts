import os from 'node:os';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli, writeFixtureConfig } from '../../helpers/cli.js';
import { fakeRuntimeToml, fakeScenario } from '../../helpers/fake-runtime.js';
import { materializeHost, type MaterializedHost } from '../../helpers/host-fixture.js';

// `npu-watch report --bug --check` on the seed laptop with the seed's crash (fake scenario fedora43): every field of
// OpenVINO's bug template filled from evidence, and nothing that names the user or the machine.
describe('report --bug on the seed laptop', () => {
  let host: MaterializedHost;
  let text: string;
  beforeAll(async () => {
    host = await materializeHost('fedora43-lunarlake');
    const config = await writeFixtureConfig(host.paths, fakeRuntimeToml({ devices: ['NPU', 'CPU'] }));
    const scenario = await fakeScenario('fedora43');
    const result = await runCli(['report', '--bug', '--check', '--config', config], { bin: host.bin, env: scenario.env });
    expect(result.stderr).toBe('');
    expect(result.exitCode).toBe(0);
    text = result.stdout;
  });
  afterAll(() => host?.cleanup());

  it('fills every field of the template from what npu-watch found', () => {
    const field = (name: string) => new RegExp(`^### ${name}\\n\\n(.+)$`, 'm').exec(text)?.[1];
    expect(field('OpenVINO Version')).toMatch(/^2025\.1\.0/);
    expect(field('Operating System')).toBe('Other (Please specify in description): fedora 43, kernel 6.17.6-300.fc43.x86_64');
    expect(field('Device used for inference')).toBe('NPU (the template lists no NPU): Intel Lunar Lake NPU (8086:643e rev 04) at 0000:00:0b.0');
    expect(field('Framework')).toMatch(/^ONNX /);
    expect(field('Model used')).toMatch(/^npu-watch's canary: /);
    expect(field('Issue description')).toMatch(/^Compiling and running a two-layer network on the NPU fails: compile_crash in compile \(SIGABRT\), signature `ZE_RESULT_ERROR_UNKNOWN 0x7ffffffe/);
    expect(field('Step by step reproduction')).toBe('1. `pip install openvino==2025.1.0 numpy`');
    // The seed's crash log as the runtime printed it, and this boot's NPU kernel lines.
    const log = /### Relevant log output\n\n```shell\n([\s\S]*?)\n```/.exec(text)?.[1] ?? '';
    expect(log).toContain('L0 pfnCreate2 result: ZE_RESULT_ERROR_UNKNOWN, code 0x7ffffffe');
    expect(log).toContain('intel_vpu 0000:00:0b.0: [drm] Firmware: intel/vpu/vpu_40xx_v0.0.bin');
    // Driver and firmware versions, and where to file it: the crash comes back from the driver's compiler.
    expect(text).toContain('- intel-npu-driver 1.16.0-1.fc44 (rpm), 1.17.0-1.fc43 available');
    expect(text).toMatch(/^- npu-firmware Mar {2}6 2025\*NPU40xx\*/m);
    expect(text).toMatch(/^Suggested repository: https:\/\/github\.com\/intel\/linux-npu-driver\/issues\/new /m);
  });

  it('names neither the user, the machine nor a home directory', () => {
    const me = os.userInfo();
    if (me.uid !== 0) expect(text).not.toContain(me.username);
    if (os.hostname() !== 'localhost') expect(text).not.toContain(os.hostname());
    if (me.homedir.length > 1 && me.homedir !== '/root') expect(text).not.toContain(me.homedir);
    expect(text).not.toMatch(/\/home\/|\/var\/home\//);
  });
});
