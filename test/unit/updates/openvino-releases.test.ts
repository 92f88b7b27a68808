import { describe, expect, it } from 'vitest';
import {
  compareReleases,
  newestRelease,
  npmJsonErrorSummary,
  openvinoUpdate,
  parseNpmViewVersions,
  parsePipIndexVersions,
} from '../../../src/probes/updates/openvino-releases.js';
import { runtimeOpenvinoComponents } from '../../../src/probes/updates/runtime-openvino-components.js';

describe('the update of a runtime’s OpenVINO', () => {
  it('is the newest release of pip’s listing when it is newer than the runtime’s version', () => {
    const offered = parsePipIndexVersions('openvino (2025.4.0)\nAvailable versions: 2025.4.0, 2025.3.0, 2025.2.0, 2025.1.0\n')!;
    expect(openvinoUpdate('2025.1.0', newestRelease(offered, 'python'))).toBe('2025.4.0');
  });

  it('is the newest release of npm’s listing (oldest first there) when it is newer', () => {
    const offered = parseNpmViewVersions('[\n  "2025.1.0",\n  "2025.2.0",\n  "2025.10.0"\n]\n')!;
    expect(openvinoUpdate('2025.2.0', newestRelease(offered, 'node'))).toBe('2025.10.0');
  });

  it('leaves pre-releases out: a release candidate is not an update', () => {
    expect(newestRelease(['2026.0.0rc1', '2025.4.0.dev20251101', '2025.3.0'], 'python')).toBe('2025.3.0');
    expect(newestRelease(parseNpmViewVersions('["2025.3.0","2026.0.0-rc.1"]')!, 'node')).toBe('2025.3.0');
    expect(openvinoUpdate('2025.3.0', newestRelease(['2026.0.0rc1', '2025.3.0'], 'python'))).toBeNull();
  });

  it('is none when the runtime already has the newest release, or a newer one than the index', () => {
    expect(openvinoUpdate('2025.4.0', '2025.4.0')).toBeNull();
    expect(openvinoUpdate('2026.0.0', '2025.4.0')).toBeNull();
  });

  it('is none while the runtime’s version is unknown (no canary yet) or the index listed no release', () => {
    expect(openvinoUpdate(null, '2025.4.0')).toBeNull();
    expect(openvinoUpdate('2025.1.0', null)).toBeNull();
    expect(newestRelease(['2026.0.0rc1'], 'python')).toBeNull();
  });

  it('compares the release numbers numerically, not as text', () => {
    expect(compareReleases('2025.10.0', '2025.9.0')).toBe(1);
    expect(compareReleases('2025.1', '2025.1.0')).toBe(0);
    expect(compareReleases('2024.6.0', '2025.0.0')).toBe(-1);
  });
});

describe('runtimeOpenvinoComponents', () => {
  const runtimes = [
    { name: 'openvino-node', kind: 'node' as const, openvino_version: '2025.1.0' },
    { name: 'venv', kind: 'python' as const, openvino_version: '2025.4.0' },
    { name: 'broken', kind: 'python' as const, openvino_version: null },
  ];

  it('names each runtime’s OpenVINO with its update, and tells an index that answered from one that did not', () => {
    const releases = [
      { runtime: 'openvino-node', kind: 'node' as const, newest: '2025.4.0' },
      { runtime: 'venv', kind: 'python' as const, newest: '2025.4.0' },
    ];
    expect(runtimeOpenvinoComponents(runtimes, releases)).toEqual([
      { component: 'openvino (openvino-node)', version: '2025.1.0', source: 'npm', update: '2025.4.0', known: true },
      { component: 'openvino (venv)', version: '2025.4.0', source: 'python', update: null, known: true },
    ]);
    expect(runtimeOpenvinoComponents(runtimes, [releases[1]!])[0]).toMatchObject({ update: null, known: false });
    expect(runtimeOpenvinoComponents(runtimes, null).map((c) => c.known)).toEqual([false, false]);
  });
});

describe('npmJsonErrorSummary', () => {
  // npm 11.19.1's stdout for `npm view openvino-node versions --json` with npm_config_registry on a closed port
  // (run here against http://127.0.0.1:9/).
  const refused = `{
  "error": {
    "code": "ECONNREFUSED",
    "summary": "FetchError: request to http://127.0.0.1:9/openvino-node failed, reason: connect ECONNREFUSED 127.0.0.1:9",
    "detail": "If you are behind a proxy, please make sure that the 'proxy' config is set properly.  See: 'npm help config'"
  }
}
`;

  it('is the summary of npm’s JSON error, null for anything else', () => {
    expect(npmJsonErrorSummary(refused)).toBe('FetchError: request to http://127.0.0.1:9/openvino-node failed, reason: connect ECONNREFUSED 127.0.0.1:9');
    expect(npmJsonErrorSummary('["2025.1.0"]')).toBeNull();
    expect(npmJsonErrorSummary('npm error code E404')).toBeNull();
  });
});
