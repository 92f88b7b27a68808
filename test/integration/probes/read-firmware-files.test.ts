import { execFileSync } from 'node:child_process';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { kernelChoice, readFirmwareFiles, type FoundFile } from '../../../src/probes/inventory/read-firmware-files.js';
import { hostPaths, probeContextFor } from '../../helpers/probe-context.js';
import { firmwareImage } from './firmware-image.js';

const V1 = '20250708*LNL_CLIENT_SILICON-release*1130*ci_tag_ud202530_vpu_rc_20250708_1130*f3e8a8f2747';
const V2 = '20250611*PTL_CLIENT_SILICON-release*0905*ci_tag_ud202524_vpu_rc_20250611_0905*1c0ffee1234';

describe('kernelChoice', () => {
  const file = (name: string, suffix: FoundFile['suffix'], dirIndex: number) => ({ name, suffix, dirIndex });
  const name = 'intel/vpu/vpu_40xx_v1.bin';

  it('takes a plain file anywhere on the path over a compressed one earlier on it, as the loader walks it', () => {
    const files = [file(name, '.xz', 1), file(name, '.zst', 2), file(name, '', 4)];
    expect(kernelChoice(files, name)).toEqual(file(name, '', 4));
  });

  it('takes .zst over .xz, and of the same suffix the earliest directory', () => {
    expect(kernelChoice([file(name, '.xz', 0), file(name, '.zst', 4)], name)).toEqual(file(name, '.zst', 4));
    expect(kernelChoice([file(name, '.xz', 3), file(name, '.xz', 1)], name)).toEqual(file(name, '.xz', 1));
  });

  it('is null when no file carries the name', () => {
    expect(kernelChoice([file('intel/vpu/vpu_37xx_v1.bin', '', 0)], name)).toBeNull();
  });
});

describe('readFirmwareFiles', () => {
  let root: string;
  let vpuDir: string;
  // The inventory's components only (what metrics and check --json list).
  const components = async (ctx: Parameters<typeof readFirmwareFiles>[0]) => (await readFirmwareFiles(ctx)).components;

  beforeEach(async () => {
    root = await fs.mkdtemp(path.join(os.tmpdir(), 'npu-watch-firmware-'));
    vpuDir = path.join(root, 'lib/firmware/intel/vpu');
    await fs.mkdir(vpuDir, { recursive: true });
  });

  afterEach(async () => {
    await fs.rm(root, { recursive: true, force: true });
  });

  async function writeCompressed(name: string, image: Buffer, program: 'xz' | 'zstd'): Promise<void> {
    const args = program === 'xz' ? ['-zc', '--check=crc32', '-T1'] : ['-zcq'];
    await fs.writeFile(path.join(vpuDir, name), execFileSync(program, args, { input: image, maxBuffer: 1 << 26 }));
  }

  it('reads zstd- and xz-compressed images with the real decompressors', async () => {
    await writeCompressed('vpu_40xx_v1.bin.zst', firmwareImage(V1), 'zstd');
    await writeCompressed('vpu_50xx_v1.bin.xz', firmwareImage(V2), 'xz');
    expect(await components(probeContextFor(hostPaths(root)).ctx)).toEqual([
      { component: 'firmware:intel/vpu/vpu_40xx_v1.bin', version: V1, source: 'firmware-file', detail: '/lib/firmware/intel/vpu/vpu_40xx_v1.bin.zst' },
      { component: 'firmware:intel/vpu/vpu_50xx_v1.bin', version: V2, source: 'firmware-file', detail: '/lib/firmware/intel/vpu/vpu_50xx_v1.bin.xz' },
    ]);
  });

  it('reads the version from the start of a large compressed image without decompressing all of it', async () => {
    await writeCompressed('vpu_40xx_v1.bin.xz', firmwareImage(V1, 8 * 1024 * 1024), 'xz');
    const { ctx } = probeContextFor(hostPaths(root));
    const outputSizes: number[] = [];
    const run: typeof ctx.run = async (command, args, options) => {
      const result = await ctx.run(command, args, options);
      outputSizes.push(result.stdout.length);
      return result;
    };
    const [component] = await components({ ...ctx, run });
    expect(component?.version).toBe(V1);
    expect(outputSizes).toHaveLength(1);
    expect(outputSizes[0]).toBeLessThanOrEqual(4096 + 256);
  });

  it('reports a compressed image as unknown, logging once at debug, when its decompressor is not installed', async () => {
    await writeCompressed('vpu_40xx_v1.bin.xz', firmwareImage(V1), 'xz');
    await writeCompressed('vpu_50xx_v1.bin.xz', firmwareImage(V2), 'xz');
    await fs.writeFile(path.join(vpuDir, 'vpu_37xx_v1.bin'), firmwareImage(V2));
    const emptyBin = path.join(root, 'bin');
    await fs.mkdir(emptyBin);
    const { ctx, logs } = probeContextFor(hostPaths(root), { PATH: { only: [emptyBin] } });
    const found = await components(ctx);
    expect(found.map((c) => [c.component, c.version, c.detail])).toEqual([
      ['firmware:intel/vpu/vpu_37xx_v1.bin', V2, '/lib/firmware/intel/vpu/vpu_37xx_v1.bin'],
      ['firmware:intel/vpu/vpu_40xx_v1.bin', 'unknown', '/lib/firmware/intel/vpu/vpu_40xx_v1.bin.xz (version unknown: xz is not installed)'],
      ['firmware:intel/vpu/vpu_50xx_v1.bin', 'unknown', '/lib/firmware/intel/vpu/vpu_50xx_v1.bin.xz (version unknown: xz is not installed)'],
    ]);
    const aboutXz = logs.filter((line) => line.program === 'xz');
    expect(aboutXz).toHaveLength(1);
    expect(aboutXz[0]?.level).toBe(20);
  });

  it('reports garbage and corrupt compressed files as unknown, with a warning', async () => {
    await fs.writeFile(path.join(vpuDir, 'vpu_37xx_v1.bin'), Buffer.alloc(100, 0x41));
    await fs.writeFile(path.join(vpuDir, 'vpu_40xx_v1.bin.xz'), 'not xz data at all');
    const { ctx, logs } = probeContextFor(hostPaths(root));
    const found = await components(ctx);
    expect(found.map((c) => c.version)).toEqual(['unknown', 'unknown']);
    const warnings = logs.filter((line) => line.level === 40);
    expect(warnings.map((line) => line.file)).toEqual([
      path.join(vpuDir, 'vpu_37xx_v1.bin'),
      path.join(vpuDir, 'vpu_40xx_v1.bin.xz'),
    ]);
    expect(String(warnings[1]?.failure)).toMatch(/^xz -dc .*vpu_40xx_v1\.bin\.xz: exit 1: xz: .*format/);
  });

  it('skips a dangling link and falls back to the compressed file the kernel would then load', async () => {
    await fs.symlink('vpu_40xx_v1.bin.gone', path.join(vpuDir, 'vpu_40xx_v1.bin'));
    await writeCompressed('vpu_40xx_v1.bin.xz', firmwareImage(V1), 'xz');
    expect(await components(probeContextFor(hostPaths(root)).ctx)).toEqual([
      { component: 'firmware:intel/vpu/vpu_40xx_v1.bin', version: V1, source: 'firmware-file', detail: '/lib/firmware/intel/vpu/vpu_40xx_v1.bin.xz' },
    ]);
  });

  it('follows a link that resolves, as linux-firmware ships for older names', async () => {
    await fs.writeFile(path.join(vpuDir, 'vpu_37xx_v1.bin'), firmwareImage(V2));
    await fs.symlink('vpu_37xx_v1.bin', path.join(vpuDir, 'vpu_37xx_v0.0.bin'));
    const found = await components(probeContextFor(hostPaths(root)).ctx);
    expect(found.map((c) => [c.component, c.version])).toEqual([
      ['firmware:intel/vpu/vpu_37xx_v0.0.bin', V2],
      ['firmware:intel/vpu/vpu_37xx_v1.bin', V2],
    ]);
  });

  it('returns nothing when the host has no intel/vpu directory', async () => {
    await fs.rm(path.join(root, 'lib'), { recursive: true });
    expect(await readFirmwareFiles(probeContextFor(hostPaths(root)).ctx)).toMatchObject({ components: [], firmware: { files: [] } });
  });

  // The host's kernel release and firmware_class.path parameter, as sysfs and procfs show them.
  async function kernel(release: string, classPath = ''): Promise<void> {
    await fs.mkdir(path.join(root, 'proc/sys/kernel'), { recursive: true });
    await fs.writeFile(path.join(root, 'proc/sys/kernel/osrelease'), `${release}\n`);
    await fs.mkdir(path.join(root, 'sys/module/firmware_class/parameters'), { recursive: true });
    await fs.writeFile(path.join(root, 'sys/module/firmware_class/parameters/path'), `${classPath}\n`);
  }

  async function place(dir: string, name: string, image: Buffer): Promise<void> {
    await fs.mkdir(path.join(root, dir, 'intel/vpu'), { recursive: true });
    await fs.writeFile(path.join(root, dir, 'intel/vpu', name), image);
  }

  it('walks the kernel’s search path: firmware_class.path, updates/<release>, updates, <release>, the root', async () => {
    await kernel('6.17.6-300.fc43.x86_64', '/opt/npu-fw');
    await place('opt/npu-fw', 'vpu_37xx_v1.bin', firmwareImage('custom'));
    await place('lib/firmware/updates/6.17.6-300.fc43.x86_64', 'vpu_40xx_v1.bin', firmwareImage('updates-release'));
    await place('lib/firmware/updates', 'vpu_40xx_v1.bin', firmwareImage('updates'));
    await place('lib/firmware/6.17.6-300.fc43.x86_64', 'vpu_50xx_v1.bin', firmwareImage('release'));
    await place('lib/firmware', 'vpu_50xx_v1.bin', firmwareImage('root'));
    const { firmware, components: found } = await readFirmwareFiles(probeContextFor(hostPaths(root)).ctx);
    expect(firmware.searchPath).toEqual([
      '/opt/npu-fw',
      '/lib/firmware/updates/6.17.6-300.fc43.x86_64',
      '/lib/firmware/updates',
      '/lib/firmware/6.17.6-300.fc43.x86_64',
      '/lib/firmware',
    ]);
    expect(firmware.files.map((file) => [file.kernelPath, file.version])).toEqual([
      ['/opt/npu-fw/intel/vpu/vpu_37xx_v1.bin', 'custom'],
      ['/lib/firmware/updates/6.17.6-300.fc43.x86_64/intel/vpu/vpu_40xx_v1.bin', 'updates-release'],
      ['/lib/firmware/updates/intel/vpu/vpu_40xx_v1.bin', 'updates'],
      ['/lib/firmware/6.17.6-300.fc43.x86_64/intel/vpu/vpu_50xx_v1.bin', 'release'],
      ['/lib/firmware/intel/vpu/vpu_50xx_v1.bin', 'root'],
    ]);
    expect(firmware.files[0]?.path).toBe(path.join(root, 'opt/npu-fw/intel/vpu/vpu_37xx_v1.bin'));
    expect(found.map((c) => [c.component, c.version])).toEqual([
      ['firmware:intel/vpu/vpu_37xx_v1.bin', 'custom'],
      ['firmware:intel/vpu/vpu_40xx_v1.bin', 'updates-release'],
      ['firmware:intel/vpu/vpu_50xx_v1.bin', 'release'],
    ]);
  });

  it('says, for each name ivpu requests, which file the kernel would load: a plain one before an earlier .xz', async () => {
    await kernel('6.8.0-49-generic');
    await writeCompressedTo('lib/firmware/updates', 'vpu_40xx_v1.bin.xz', firmwareImage(V2));
    await place('lib/firmware', 'vpu_40xx_v1.bin', firmwareImage(V1));
    const { firmware, components: found } = await readFirmwareFiles(probeContextFor(hostPaths(root)).ctx);
    expect(firmware.requests.filter((request) => request.ip === '40xx')).toEqual([
      { ip: '40xx', name: 'intel/vpu/vpu_40xx_v1.bin', loads: '/lib/firmware/intel/vpu/vpu_40xx_v1.bin' },
      { ip: '40xx', name: 'intel/vpu/vpu_40xx_v0.0.bin', loads: null },
    ]);
    expect(firmware.requests.map((request) => request.name)).toContain('intel/vpu/vpu_60xx_v1.bin');
    expect(found).toEqual([
      { component: 'firmware:intel/vpu/vpu_40xx_v1.bin', version: V1, source: 'firmware-file', detail: '/lib/firmware/intel/vpu/vpu_40xx_v1.bin' },
    ]);
  });

  async function writeCompressedTo(dir: string, name: string, image: Buffer): Promise<void> {
    await fs.mkdir(path.join(root, dir, 'intel/vpu'), { recursive: true });
    await fs.writeFile(path.join(root, dir, 'intel/vpu', name), execFileSync('xz', ['-zc', '--check=crc32', '-T1'], { input: image }));
  }
});
