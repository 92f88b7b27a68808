import fs from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { execa } from 'execa';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { materializeHost, type MaterializedHost } from '../../helpers/host-fixture.js';

const REPO = fileURLToPath(new URL('../../../', import.meta.url));
const BUILT = path.join(REPO, 'dist');
const MTL_FIRMWARE = '20241025*MTL_CLIENT_SILICON-release*1830*ci_tag_ud202444_vpu_rc_20241025_1830*ae072b315bc';

// Runs the BUILT readFirmwareFiles over a host copy and prints what it found. Root reads every file whatever its
// mode, so the unreadable case runs as nobody (setpriv), as npu-watch's service user would.
const script = `
  const { readFirmwareFiles } = await import(${JSON.stringify(path.join(BUILT, 'probes/inventory/read-firmware-files.js'))});
  const { createCommandRunner } = await import(${JSON.stringify(path.join(BUILT, 'host/runner.js'))});
  const paths = JSON.parse(process.argv[1]);
  const log = { debug() {}, info() {}, warn() {}, error() {} };
  const ctx = { paths, run: createCommandRunner({ timeoutMs: 20000 }), clock: { now: Date.now, monotonic: () => 0 }, log, signal: new AbortController().signal };
  process.stdout.write(JSON.stringify(await readFirmwareFiles(ctx)));
`;

describe('readFirmwareFiles as a user who cannot read intel-fw-npu’s 0400 root files', () => {
  let host: MaterializedHost | null = null;

  beforeAll(async () => {
    await fs.access(path.join(BUILT, 'probes/inventory/read-firmware-files.js')).catch(() => {
      throw new Error(`${BUILT}/probes/inventory/read-firmware-files.js is missing: build first (npx tsc -p tsconfig.build.json)`);
    });
  });

  afterEach(async () => {
    await host?.cleanup();
    host = null;
  });

  async function run(asNobody: boolean): Promise<{ firmware: { files: Array<Record<string, unknown>> }; components: Array<Record<string, unknown>> }> {
    host ??= await materializeHost('ubuntu2404-meteorlake');
    const node = [process.execPath, '--input-type=module', '-e', script, JSON.stringify(host.paths)];
    const [command, ...args] = asNobody ? ['setpriv', '--reuid=65534', '--regid=65534', '--clear-groups', ...node] : node;
    const result = await execa(command!, args, { reject: false });
    expect(result.stderr).toBe('');
    expect(result.exitCode).toBe(0);
    return JSON.parse(result.stdout);
  }

  it('reports the file the kernel loads with version unknown (permission denied), and still reads the others', async () => {
    host = await materializeHost('ubuntu2404-meteorlake');
    const stat = await fs.stat(path.join(host.root, 'lib/firmware/updates/intel/vpu/vpu_37xx_v0.0.bin'));
    expect({ mode: stat.mode & 0o777, uid: stat.uid }).toEqual({ mode: 0o400, uid: 0 });
    const { firmware, components } = await run(true);
    expect(firmware.files.map((file) => [file.kernelPath, file.version, file.unknownBecause])).toEqual([
      ['/lib/firmware/updates/intel/vpu/vpu_37xx_v0.0.bin', 'unknown', 'permission denied'],
      ['/lib/firmware/intel/vpu/vpu_37xx_v0.0.bin.zst', '20240226*MTL_CLIENT_SILICON-release*1329*ci_tag_ud202410_vpu_rc_20240226_1329*5fb4b5c3cc6', null],
    ]);
    expect(components).toEqual([
      {
        component: 'firmware:intel/vpu/vpu_37xx_v0.0.bin',
        version: 'unknown',
        source: 'firmware-file',
        detail: '/lib/firmware/updates/intel/vpu/vpu_37xx_v0.0.bin (version unknown: permission denied)',
      },
    ]);
  });

  it('reads the same file’s version as root', async () => {
    const { components } = await run(false);
    expect(components).toEqual([
      { component: 'firmware:intel/vpu/vpu_37xx_v0.0.bin', version: MTL_FIRMWARE, source: 'firmware-file', detail: '/lib/firmware/updates/intel/vpu/vpu_37xx_v0.0.bin' },
    ]);
  });
});
