import fs from 'node:fs';
import fsp from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { execa } from 'execa';
import semver from 'semver';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { REPO } from '../helpers/cli.js';

// openvino-node is an optional dependency whose install step downloads the OpenVINO runtime from a host this
// machine cannot reach, so npm leaves it out here: the real worker must say why, not only "not installed".
const lock = JSON.parse(fs.readFileSync(path.join(REPO, 'package-lock.json'), 'utf8')) as {
  packages: Record<string, { version: string; engines: { node: string } }>;
};
const LOCKED = lock.packages['node_modules/openvino-node']!;
const WORKER = path.join(REPO, 'dist/canary/worker.js');

describe('the real worker when npm left openvino-node out', () => {
  let logs: string;
  beforeAll(async () => {
    logs = await fsp.mkdtemp(path.join(os.tmpdir(), 'npu-watch-npm-logs-'));
  });
  afterAll(() => fsp.rm(logs, { recursive: true, force: true }));

  it('reports runtime_missing with npm\'s reason for this Node', async () => {
    expect(fs.existsSync(path.join(REPO, 'node_modules/openvino-node')), 'this test needs a machine where openvino-node is absent').toBe(false);
    const job = { device: 'CPU', runtime_module: 'openvino-node', compiler_type: null, benchmark: null };
    const result = await execa(process.execPath, [WORKER], {
      input: `${JSON.stringify(job)}\n`,
      reject: false,
      // The worker speaks on fd 3 (src/canary/protocol-channel.ts); stdout is the runtime's.
      stdio: ['pipe', 'pipe', 'pipe', 'pipe'],
      // No npm debug log to quote: the explanation falls back to what the lockfile and this Node tell.
      env: { ...process.env, npm_config_logs_dir: logs },
    });
    const lines = String(result.stdio[3]).split('\n').filter(Boolean).map((line) => JSON.parse(line) as { type: string; verdict?: { result: string; message: string } });
    const verdict = lines.find((line) => line.type === 'verdict')?.verdict;
    expect(verdict?.result).toBe('runtime_missing');
    const reason = semver.satisfies(process.version, LOCKED.engines.node)
      ? 'its install step most likely failed (it downloads the OpenVINO runtime'
      : `it needs Node ${LOCKED.engines.node} and this is Node ${process.version}`;
    expect(verdict?.message).toContain(`cannot load the OpenVINO runtime: npm left openvino-node ${LOCKED.version} out: ${reason}`);
  });
});
