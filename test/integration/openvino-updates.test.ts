// Updates of OpenVINO itself (issue 15): `check` on the seed's fixture host with a node runtime (the fake
// openvino-node, 2025.1.0) and a python runtime (a venv with the fake openvino, 2025.2.0, whose pip is Debian's
// through --system-site-packages). The indexes are served here on 127.0.0.1: a stand-in npm registry answering
// GET /openvino-node with a packument (what `npm view openvino-node versions --json` asks for: npm 11.19.1 run
// against it sends that one request), and a PEP 503 simple index whose /simple/openvino/ page lists wheel file names.
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CheckReport } from '../../src/report/check-report.js';
import { runCli, writeFixtureConfig } from '../helpers/cli.js';
import { fakeRuntimesToml, installFakeRuntime, removeTempDirs, tempDir } from '../helpers/fake-runtime.js';
import { materializeHost, type MaterializedHost } from '../helpers/host-fixture.js';
import { fakeOpenvinoVenv } from '../helpers/python-worker.js';

const CANARY = '\n[canary]\ndevices = ["CPU"]\ntimeout_seconds = 60\nstage_timeout_seconds = 30\nkill_grace_seconds = 1\n';

// What each stand-in index offers: a pre-release newer than every release, which is not an update.
const NODE_VERSIONS = ['2025.1.0', '2025.2.0', '2025.4.0', '2026.0.0-rc.1'];
const PYTHON_VERSIONS = ['2025.1.0', '2025.2.0', '2025.3.0', '2026.0.0rc1'];

interface Index {
  url: string;
  requests: string[];
  close(): Promise<void>;
}

// A server on 127.0.0.1 answering `routes` (path → [content type, body]), 404 otherwise; it records each request.
async function serve(routes: Record<string, [string, string]>): Promise<Index> {
  const requests: string[] = [];
  const server = http.createServer((req, res) => {
    requests.push(`${req.method} ${req.url}`);
    const route = routes[req.url ?? ''];
    res.statusCode = route ? 200 : 404;
    res.setHeader('content-type', route?.[0] ?? 'text/plain');
    res.end(route?.[1] ?? 'not found');
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return { url: `http://127.0.0.1:${port}/`, requests, close: () => new Promise((resolve) => server.close(() => resolve())) };
}

// The packument npm's registry serves at /<name> (the fields `npm view … versions` reads: versions, dist-tags).
const packument = JSON.stringify({
  name: 'openvino-node',
  'dist-tags': { latest: '2025.4.0', next: '2026.0.0-rc.1' },
  versions: Object.fromEntries(NODE_VERSIONS.map((v) => [v, { name: 'openvino-node', version: v, dist: { tarball: `http://127.0.0.1/openvino-node-${v}.tgz` } }])),
});

// PEP 503: an HTML page per project at /simple/<normalized name>/ with one anchor per file, its text the file name.
const simplePage = `<!DOCTYPE html>\n<html><body>\n${PYTHON_VERSIONS.map((v) => `<a href="openvino-${v}-py3-none-any.whl">openvino-${v}-py3-none-any.whl</a><br/>`).join('\n')}\n</body></html>\n`;

let host: MaterializedHost;
let config: string;
let npmRegistry: Index;
let pipIndex: Index;
beforeAll(async () => {
  host = await materializeHost('fedora43-lunarlake');
  const dir = tempDir();
  const node = await installFakeRuntime(path.join(dir, 'node'), 'working', { openvino_version: '2025.1.0' });
  const venv = fakeOpenvinoVenv(path.join(dir, 'venv'), { scenario: 'working', openvino_version: '2025.2.0' });
  config = await writeFixtureConfig(host.paths, `${fakeRuntimesToml([{ name: 'node-fake', module: node }, { name: 'venv', interpreter: venv.interpreter }])}${CANARY}`);
  npmRegistry = await serve({ '/openvino-node': ['application/json', packument] });
  pipIndex = await serve({ '/simple/openvino/': ['text/html', simplePage] });
});
afterAll(async () => {
  await Promise.all([npmRegistry.close(), pipIndex.close()]);
  host.cleanup();
  removeTempDirs();
});

const component = (report: CheckReport, name: string) => report.components.find((c) => c.component === name);

describe('check reports newer OpenVINO releases of each runtime', () => {
  it('from the npm registry and the pip index the user configured, releases only, beside the driver update', async () => {
    const env = { npm_config_registry: npmRegistry.url, PIP_INDEX_URL: `${pipIndex.url}simple/` };
    const result = await runCli(['check', '--json', '--config', config, '--device', 'CPU'], { bin: host.bin, env });
    const report = JSON.parse(result.stdout) as CheckReport;
    expect(report.devices.map((d) => [d.runtime?.name, d.canary?.result])).toEqual([
      ['node-fake', 'ok'],
      ['venv', 'ok'],
    ]);
    expect(component(report, 'openvino (node-fake)')).toEqual({ component: 'openvino (node-fake)', version: '2025.1.0', source: 'npm', update: { version: '2025.4.0', repository: null } });
    expect(component(report, 'openvino (venv)')).toEqual({ component: 'openvino (venv)', version: '2025.2.0', source: 'python', update: { version: '2025.3.0', repository: null } });
    expect(component(report, 'intel-npu-driver')?.update).toEqual({ version: '1.17.0-1.fc43', repository: 'updates' });
    expect(npmRegistry.requests).toContain('GET /openvino-node');
    expect(pipIndex.requests).toContain('GET /simple/openvino/');
    // The table shows them as it shows the packages' updates.
    const table = (await runCli(['check', '--config', config, '--device', 'CPU'], { bin: host.bin, env })).stdout;
    expect(table).toMatch(/openvino \(node-fake\)\s+2025\.1\.0\s+npm\s+2025\.4\.0 available/);
    expect(table).toMatch(/openvino \(venv\)\s+2025\.2\.0\s+python\s+2025\.3\.0 available/);
  });

  it('the status page lists them with the versions and updates', async () => {
    const env = { npm_config_registry: npmRegistry.url, PIP_INDEX_URL: `${pipIndex.url}simple/` };
    const page = await runCli(['report', '--check', '--config', config], { bin: host.bin, env });
    expect(page.exitCode, page.stderr).toBe(0);
    const row = (name: string) => page.stdout.split('\n').find((line) => line.startsWith(`| ${name} |`));
    expect(row('openvino (node-fake)')).toBe('| openvino (node-fake) | 2025.1.0 | npm | 2025.4.0 available |');
    expect(row('openvino (venv)')).toBe('| openvino (venv) | 2025.2.0 | python | 2025.3.0 available |');
  });

  it('offline (both indexes on a closed port): no update and one line per runtime, and the package check still works', async () => {
    // The closed port is the one every test's children get (vitest.config.ts); check logs at info only when asked.
    const result = await runCli(['check', '--json', '--config', config, '--device', 'CPU', '--log-level', 'info'], { bin: host.bin });
    const report = JSON.parse(result.stdout) as CheckReport;
    expect(component(report, 'openvino (node-fake)')).toMatchObject({ version: '2025.1.0', update: null });
    expect(component(report, 'openvino (venv)')).toMatchObject({ version: '2025.2.0', update: null });
    expect(report.updates).toEqual({ status: 'ok', manager: 'dnf' });
    expect(report.probes.find((p) => p.probe === 'updates')).toMatchObject({ success: true, error: null });
    expect(component(report, 'intel-npu-driver')?.update).toEqual({ version: '1.17.0-1.fc43', repository: 'updates' });
    const lines = result.stderr.split('\n').filter((line) => line.includes('no OpenVINO releases for runtime'));
    expect(lines).toHaveLength(2);
    expect(lines.find((line) => line.includes('runtime node-fake'))).toContain('ECONNREFUSED 127.0.0.1:9');
    expect(lines.find((line) => line.includes('runtime venv'))).toMatch(/pip: /);
  });
});
