import fs from 'node:fs';
import fsp from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { execa } from 'execa';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CheckReport } from '../../../src/report/check-report.js';
import { CLI, pathEnv, writeFixtureConfig } from '../../helpers/cli.js';
import { materializeHost, type MaterializedHost } from '../../helpers/host-fixture.js';

const REAL_PYTHON = '/usr/bin/python3';

// `check` from a directory someone else controls (sudo keeps the cwd): what is planted there must not run.
describe('check runs Python isolated from the current directory', () => {
  let host: MaterializedHost;
  let config: string;
  let planted: string;
  beforeAll(async () => {
    host = await materializeHost('fedora43-lunarlake');
    // The fixture's python3 stand-in prints a canned version; this test needs the real interpreter.
    await fsp.rm(path.join(host.bin, 'python3'));
    await fsp.symlink(REAL_PYTHON, path.join(host.bin, 'python3'));
    config = await writeFixtureConfig(host.paths, '\n[canary]\ndevices = ["CPU"]\n');
    planted = await fsp.mkdtemp(path.join(os.tmpdir(), 'npu-watch-planted-'));
  });
  afterAll(async () => {
    await host.cleanup();
    await fsp.rm(planted, { recursive: true, force: true });
  });

  const checkFrom = async (cwd: string) => {
    const result = await execa(process.execPath, [CLI, 'check', '--json', '--no-benchmark', '--config', config], {
      cwd,
      reject: false,
      env: { ...pathEnv(host.bin), NPU_WATCH_CONFIG: '' },
    });
    return JSON.parse(result.stdout) as CheckReport;
  };

  it('a planted importlib.py does not run', async () => {
    const dir = path.join(planted, 'module');
    const marker = path.join(planted, 'importlib-ran');
    await fsp.mkdir(dir);
    await fsp.writeFile(path.join(dir, 'importlib.py'), `open(${JSON.stringify(marker)}, "w").write("ran")\n`);
    await checkFrom(dir);
    expect(fs.existsSync(marker)).toBe(false);
  });

  it('a planted openvino dist-info does not fake the version', async () => {
    const dir = path.join(planted, 'dist-info');
    await fsp.mkdir(path.join(dir, 'openvino-9.9.9.dist-info'), { recursive: true });
    await fsp.writeFile(path.join(dir, 'openvino-9.9.9.dist-info', 'METADATA'), 'Metadata-Version: 2.1\nName: openvino\nVersion: 9.9.9\n');
    const report = await checkFrom(dir);
    expect(report.components.find((c) => c.component === 'openvino-python')?.version).not.toBe('9.9.9');
  });
});
