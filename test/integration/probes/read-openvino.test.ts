import fs from 'node:fs/promises';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { readOpenvinoNode, readPythonOpenvino } from '../../../src/probes/inventory/read-openvino.js';
import type { ProbeContext } from '../../../src/probes/types.js';
import { FIXTURE_HOSTS_DIR, hostPaths, probeContextFor } from '../../helpers/probe-context.js';

// A context for one committed fixture host, with its bin/ stand-ins first on PATH.
function fixtureContext(host: string): ProbeContext {
  const root = path.join(FIXTURE_HOSTS_DIR, host);
  return probeContextFor(hostPaths(root), { PATH: { prepend: path.join(root, 'bin') } }).ctx;
}

describe('readPythonOpenvino', () => {
  it('reads the pip-installed OpenVINO on the Fedora laptop', async () => {
    expect(await readPythonOpenvino(fixtureContext('fedora43-lunarlake'))).toEqual({
      component: 'openvino-python',
      version: '2025.1.0',
      source: 'python',
    });
  });

  it('is absent when python3 exits 1 with PackageNotFoundError', async () => {
    expect(await readPythonOpenvino(fixtureContext('ubuntu2404-meteorlake'))).toBeNull();
  });

  it('is absent when python3 is not installed', async () => {
    const empty = await fs.mkdtemp(path.join(os.tmpdir(), 'npu-watch-nopython-'));
    try {
      expect(await readPythonOpenvino(probeContextFor(hostPaths(empty), { PATH: { only: [empty] } }).ctx)).toBeNull();
    } finally {
      await fs.rm(empty, { recursive: true });
    }
  });
});

describe('readOpenvinoNode', () => {
  const made: string[] = [];
  afterEach(async () => {
    await Promise.all(made.splice(0).map((dir) => fs.rm(dir, { recursive: true, force: true })));
  });

  it('is absent here, where the optional dependency is not installed', async () => {
    expect(await readOpenvinoNode(fixtureContext('no-npu'))).toBeNull();
  });

  it('reads the version of the openvino-node package that module resolution finds', async () => {
    const project = await fs.mkdtemp(path.join(os.tmpdir(), 'npu-watch-node-'));
    made.push(project);
    const pkg = path.join(project, 'node_modules/openvino-node');
    await fs.mkdir(pkg, { recursive: true });
    const manifest = { name: 'openvino-node', version: '2025.3.0', main: 'index.js' };
    await fs.writeFile(path.join(pkg, 'package.json'), JSON.stringify(manifest));
    const resolve = createRequire(path.join(project, 'index.js')).resolve;
    expect(await readOpenvinoNode(fixtureContext('no-npu'), resolve)).toEqual({
      component: 'openvino-node',
      version: '2025.3.0',
      source: 'npm',
    });
  });
});
