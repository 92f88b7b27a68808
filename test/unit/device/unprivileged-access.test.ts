import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { execa } from 'execa';
import { afterEach, describe, expect, it } from 'vitest';
import type { AccelNode } from '../../../src/probes/device/types.js';
import { materializeHost, type MaterializedHost } from '../../helpers/host-fixture.js';

// Real access checks: the probe runs inside a second vitest started as uid/gid 65534 (nobody) through
// setpriv, against a materialized host whose /dev/accel/accel0 has the host's real owner and mode.
const REPO = fileURLToPath(new URL('../../../', import.meta.url));
const VITEST = path.join(REPO, 'node_modules/vitest/vitest.mjs');
const INNER = 'test/unit/device/unprivileged/accel-access.test.ts';
const NOBODY = 65534;

interface InnerSummary {
  passed: number;
  failed: number;
  skipped: number;
  failures: string[];
}

interface VitestJson {
  numPassedTests: number;
  numFailedTests: number;
  numPendingTests: number;
  numTodoTests: number;
  testResults: { message: string; assertionResults: { failureMessages: string[] }[] }[];
}

let host: MaterializedHost | null = null;
afterEach(async () => {
  await host?.cleanup();
  host = null;
});

// Runs the inner test file as nobody with the given setpriv group options; returns what vitest reported.
async function runInnerAsNobody(groupOptions: string[], expected: Partial<AccelNode>): Promise<InnerSummary> {
  if (!host) throw new Error('materialize a host first');
  const result = await execa(
    'setpriv',
    [`--reuid=${NOBODY}`, `--regid=${NOBODY}`, ...groupOptions, process.execPath, VITEST, 'run', INNER,
      // The default config loader writes a bundled config under node_modules, which nobody may not do.
      '--configLoader', 'runner', '--reporter=json'],
    {
      cwd: REPO,
      reject: false,
      timeout: 90_000,
      extendEnv: false,
      env: {
        PATH: process.env.PATH ?? '/usr/bin:/bin',
        HOME: os.tmpdir(),
        NPU_WATCH_UNPRIVILEGED_PATHS: JSON.stringify(host.paths),
        NPU_WATCH_EXPECTED_NODE: JSON.stringify(expected),
      },
    },
  );
  if ((result as { code?: string }).code === 'ENOENT') {
    throw new Error('setpriv is not installed (Debian/Ubuntu: apt-get install util-linux); this test needs it');
  }
  const jsonLine = result.stdout.split('\n').find((line) => line.startsWith('{"numTotalTestSuites"'));
  if (!jsonLine) throw new Error(`inner vitest printed no JSON report (exit ${result.exitCode}):\n${result.stderr}${result.stdout}`);
  const report = JSON.parse(jsonLine) as VitestJson;
  expect(result.exitCode, result.stderr).toBe(0);
  return {
    passed: report.numPassedTests,
    failed: report.numFailedTests,
    skipped: report.numPendingTests + report.numTodoTests,
    failures: report.testResults.flatMap((file) => [
      ...(file.message ? [file.message] : []),
      ...file.assertionResults.flatMap((test) => test.failureMessages),
    ]),
  };
}

describe('accel node access for an unprivileged user', () => {
  it('fedora43-lunarlake: a member of render (gid 105) may open the 0660 root:render node', async () => {
    host = await materializeHost('fedora43-lunarlake');
    const expected = { accessible: true, mode: '0660', uid: 0, gid: 105, group: 'render', inOwningGroup: true };
    expect(await runInnerAsNobody(['--groups=105'], expected)).toEqual({ passed: 2, failed: 0, skipped: 0, failures: [] });
  });

  it('ubuntu2404-meteorlake: a user in no extra group may not open the 0600 root:root node', async () => {
    host = await materializeHost('ubuntu2404-meteorlake');
    const expected = { accessible: false, mode: '0600', uid: 0, gid: 0, group: 'root', inOwningGroup: false };
    expect(await runInnerAsNobody(['--clear-groups'], expected)).toEqual({ passed: 2, failed: 0, skipped: 0, failures: [] });
  });
});
