import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createUpdatesProbe } from '../../../src/probes/updates/updates.js';

// No runtimes: this file tests the package managers' part (the runtimes' part: openvino-updates.test.ts).
const updatesProbe = createUpdatesProbe([]);
import { FIXTURE_HOSTS_DIR, hostPaths, makeToolsDir, probeContextFor } from '../../helpers/probe-context.js';

let tools: string;
const temporary: string[] = [];

beforeAll(async () => {
  tools = await makeToolsDir();
  temporary.push(tools);
});

afterAll(async () => {
  await Promise.all(temporary.map((dir) => fs.rm(dir, { recursive: true, force: true })));
});

// Runs the probe against a host tree with its bin/ first on PATH and no real dnf or apt reachable.
async function runOn(hostDir: string) {
  const { ctx } = probeContextFor(hostPaths(hostDir), { PATH: { only: [path.join(hostDir, 'bin'), tools] } });
  return updatesProbe.run(ctx);
}

// A temporary host: the Fedora host's etc/ and outputs/ (the only parts this probe reads), an optional
// os-release, and bin/ scripts given as sh bodies.
async function makeHost(options: { osRelease?: string; bin: Record<string, string> }): Promise<string> {
  const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'npu-watch-updates-'));
  temporary.push(dir);
  const fedora = path.join(FIXTURE_HOSTS_DIR, 'fedora43-lunarlake');
  await fs.cp(path.join(fedora, 'outputs'), path.join(dir, 'outputs'), { recursive: true });
  await fs.cp(path.join(FIXTURE_HOSTS_DIR, 'ubuntu2404-meteorlake', 'outputs'), path.join(dir, 'outputs'), {
    recursive: true,
  });
  await fs.mkdir(path.join(dir, 'etc'));
  await fs.mkdir(path.join(dir, 'bin'));
  if (options.osRelease !== undefined) await fs.writeFile(path.join(dir, 'etc/os-release'), options.osRelease);
  for (const [name, body] of Object.entries(options.bin)) {
    await fs.writeFile(path.join(dir, 'bin', name), `#!/bin/sh\n${body}\n`, { mode: 0o755 });
  }
  return dir;
}

const copyOf = async (host: string, script: string): Promise<string> =>
  fs.readFile(path.join(FIXTURE_HOSTS_DIR, host, 'bin', script), 'utf8');

describe('updatesProbe on the fixture hosts', () => {
  it('is named "updates"', () => {
    expect(updatesProbe.name).toBe('updates');
  });

  it('fedora43-lunarlake: dnf offers intel-npu-driver 1.17.0 from updates', async () => {
    await expect(runOn(path.join(FIXTURE_HOSTS_DIR, 'fedora43-lunarlake'))).resolves.toEqual({
      status: 'ok',
      manager: 'dnf',
      candidates: [{ package: 'intel-npu-driver', version: '1.17.0-1.fc43', repository: 'updates' }],
      openvino: [],
    });
  });

  it('ubuntu2404-meteorlake: apt offers intel-level-zero-npu', async () => {
    await expect(runOn(path.join(FIXTURE_HOSTS_DIR, 'ubuntu2404-meteorlake'))).resolves.toEqual({
      status: 'ok',
      manager: 'apt',
      candidates: [{ package: 'intel-level-zero-npu', version: '1.10.1.20241220-12396436767', repository: 'noble' }],
      openvino: [],
    });
  });

  it('no-npu: apt has upgrades, none of them watched', async () => {
    await expect(runOn(path.join(FIXTURE_HOSTS_DIR, 'no-npu'))).resolves.toEqual({ status: 'ok', manager: 'apt', candidates: [], openvino: [] });
  });
});

describe('updatesProbe failures', () => {
  it('reports no data, not an error, when dnf cannot reach its repositories', async () => {
    const host = await makeHost({
      osRelease: 'ID=fedora\n',
      bin: { dnf: 'cat "$(dirname "$0")/../outputs/dnf-check-update-offline.txt" >&2\nexit 1' },
    });
    const result = await runOn(host);
    expect(result).toEqual({ status: 'no_data', reason: expect.stringMatching(/metadata/), openvino: [] });
    expect(result.status === 'no_data' && result.reason).toMatch(/offline.*Could not resolve host: mirrors\.fedoraproject\.org/);
  });

  it('throws, naming the command and its first stderr line, when dnf fails otherwise', async () => {
    const host = await makeHost({
      osRelease: 'ID=fedora\n',
      bin: { dnf: 'echo "Error: rpmdb open failed" >&2\necho "second line" >&2\nexit 1' },
    });
    await expect(runOn(host)).rejects.toThrow(/^dnf --quiet check-update intel-npu-driver .*: exit 1: Error: rpmdb open failed$/);
  });

  it('throws when apt fails, with its error rather than its CLI warning', async () => {
    const host = await makeHost({
      osRelease: 'ID=ubuntu\nID_LIKE=debian\n',
      bin: {
        apt: [
          'cat "$(dirname "$0")/../outputs/apt-list-upgradable-stderr.txt" >&2',
          'echo "E: Could not open lock file /var/lib/dpkg/lock-frontend" >&2',
          'exit 100',
        ].join('\n'),
      },
    });
    await expect(runOn(host)).rejects.toThrow(/^apt list --upgradable: exit 100: E: Could not open lock file/);
  });

  it('throws when dnf exits with a code check-update never uses', async () => {
    const host = await makeHost({ osRelease: 'ID=fedora\n', bin: { dnf: 'exit 2' } });
    await expect(runOn(host)).rejects.toThrow(/exit 2/);
  });
});

describe('updatesProbe choice of package manager', () => {
  it('reports no data when neither dnf nor apt exists', async () => {
    const host = await makeHost({ osRelease: 'ID=arch\n', bin: {} });
    await expect(runOn(host)).resolves.toEqual({ status: 'no_data', reason: 'no dnf or apt on this host', openvino: [] });
  });

  it('uses apt on an Ubuntu host even when a dnf is installed', async () => {
    const host = await makeHost({
      osRelease: 'ID=ubuntu\nID_LIKE=debian\n',
      bin: { dnf: await copyOf('fedora43-lunarlake', 'dnf'), apt: await copyOf('ubuntu2404-meteorlake', 'apt') },
    });
    await expect(runOn(host)).resolves.toMatchObject({ status: 'ok', manager: 'apt' });
  });

  it('uses dnf on a Fedora host even when an apt is installed', async () => {
    const host = await makeHost({
      osRelease: 'NAME="Fedora Linux"\nID=fedora\nVERSION_ID=43\n',
      bin: { dnf: await copyOf('fedora43-lunarlake', 'dnf'), apt: await copyOf('ubuntu2404-meteorlake', 'apt') },
    });
    await expect(runOn(host)).resolves.toMatchObject({ status: 'ok', manager: 'dnf' });
  });

  it('without os-release, falls back to apt when there is no dnf', async () => {
    const host = await makeHost({ bin: { apt: await copyOf('ubuntu2404-meteorlake', 'apt') } });
    await expect(runOn(host)).resolves.toMatchObject({ status: 'ok', manager: 'apt' });
  });

  it('without os-release, tries dnf first', async () => {
    const host = await makeHost({
      bin: { dnf: await copyOf('fedora43-lunarlake', 'dnf'), apt: await copyOf('ubuntu2404-meteorlake', 'apt') },
    });
    await expect(runOn(host)).resolves.toMatchObject({ status: 'ok', manager: 'dnf' });
  });
});
