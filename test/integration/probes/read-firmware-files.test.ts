import { execFileSync } from 'node:child_process';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { pickFirmwareFiles, readFirmwareFiles } from '../../../src/probes/inventory/read-firmware-files.js';
import { hostPaths, probeContextFor } from '../../helpers/probe-context.js';
import { firmwareImage } from './firmware-image.js';

const V1 = '20250708*LNL_CLIENT_SILICON-release*1130*ci_tag_ud202530_vpu_rc_20250708_1130*f3e8a8f2747';
const V2 = '20250611*PTL_CLIENT_SILICON-release*0905*ci_tag_ud202524_vpu_rc_20250611_0905*1c0ffee1234';

describe('pickFirmwareFiles', () => {
  it('picks the file the kernel would load: plain, then .zst, then .xz', () => {
    const picked = pickFirmwareFiles([
      'vpu_37xx_v1.bin.xz',
      'vpu_37xx_v1.bin',
      'vpu_40xx_v1.bin.xz',
      'vpu_40xx_v1.bin.zst',
      'vpu_50xx_v1.bin.xz',
      'README',
      'vpu_40xx_v1.bin.gz',
      'other.bin',
    ]);
    expect(Object.fromEntries(picked)).toEqual({
      'vpu_37xx_v1.bin': 'vpu_37xx_v1.bin',
      'vpu_40xx_v1.bin': 'vpu_40xx_v1.bin.zst',
      'vpu_50xx_v1.bin': 'vpu_50xx_v1.bin.xz',
    });
  });
});

describe('readFirmwareFiles', () => {
  let root: string;
  let vpuDir: string;

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
    expect(await readFirmwareFiles(probeContextFor(hostPaths(root)).ctx)).toEqual([
      { component: 'firmware:intel/vpu/vpu_40xx_v1.bin', version: V1, source: 'firmware-file', detail: 'vpu_40xx_v1.bin.zst' },
      { component: 'firmware:intel/vpu/vpu_50xx_v1.bin', version: V2, source: 'firmware-file', detail: 'vpu_50xx_v1.bin.xz' },
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
    const [component] = await readFirmwareFiles({ ...ctx, run });
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
    const components = await readFirmwareFiles(ctx);
    expect(components.map((c) => [c.component, c.version])).toEqual([
      ['firmware:intel/vpu/vpu_37xx_v1.bin', V2],
      ['firmware:intel/vpu/vpu_40xx_v1.bin', 'unknown'],
      ['firmware:intel/vpu/vpu_50xx_v1.bin', 'unknown'],
    ]);
    const aboutXz = logs.filter((line) => line.program === 'xz');
    expect(aboutXz).toHaveLength(1);
    expect(aboutXz[0]?.level).toBe(20);
  });

  it('reports garbage and corrupt compressed files as unknown, with a warning', async () => {
    await fs.writeFile(path.join(vpuDir, 'vpu_37xx_v1.bin'), Buffer.alloc(100, 0x41));
    await fs.writeFile(path.join(vpuDir, 'vpu_40xx_v1.bin.xz'), 'not xz data at all');
    const { ctx, logs } = probeContextFor(hostPaths(root));
    const components = await readFirmwareFiles(ctx);
    expect(components.map((c) => c.version)).toEqual(['unknown', 'unknown']);
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
    expect(await readFirmwareFiles(probeContextFor(hostPaths(root)).ctx)).toEqual([
      { component: 'firmware:intel/vpu/vpu_40xx_v1.bin', version: V1, source: 'firmware-file', detail: 'vpu_40xx_v1.bin.xz' },
    ]);
  });

  it('follows a link that resolves, as linux-firmware ships for older names', async () => {
    await fs.writeFile(path.join(vpuDir, 'vpu_37xx_v1.bin'), firmwareImage(V2));
    await fs.symlink('vpu_37xx_v1.bin', path.join(vpuDir, 'vpu_37xx_v0.0.bin'));
    const components = await readFirmwareFiles(probeContextFor(hostPaths(root)).ctx);
    expect(components.map((c) => [c.component, c.version])).toEqual([
      ['firmware:intel/vpu/vpu_37xx_v0.0.bin', V2],
      ['firmware:intel/vpu/vpu_37xx_v1.bin', V2],
    ]);
  });

  it('returns nothing when the host has no intel/vpu directory', async () => {
    await fs.rm(path.join(root, 'lib'), { recursive: true });
    expect(await readFirmwareFiles(probeContextFor(hostPaths(root)).ctx)).toEqual([]);
  });
});
