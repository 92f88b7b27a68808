import fs from 'node:fs';
import { describe, expect, it } from 'vitest';
import {
  explainOpenvinoNodeAbsence,
  openvinoNodeLogLines,
  type AbsenceFacts,
  type LockedPackage,
} from '../../../src/canary/worker/openvino-node-absence.js';

const lockfile = JSON.parse(fs.readFileSync(new URL('../../../package-lock.json', import.meta.url), 'utf8')) as {
  packages: Record<string, LockedPackage>;
};
// npu-watch's own lockfile entry, as `npm ci` sees it.
const LOCKED = lockfile.packages['node_modules/openvino-node']!;
const FAILED_LOG = fs.readFileSync(new URL('../../fixtures/npm/openvino-node-postinstall-failed.debug-0.log', import.meta.url), 'utf8');

const facts = (over: Partial<AbsenceFacts>): AbsenceFacts => ({
  installRoot: '/opt/npu-watch',
  locked: LOCKED,
  node: { version: 'v22.23.3', platform: 'linux', arch: 'x64' },
  npmLog: null,
  ...over,
});

describe('why npm left openvino-node out', () => {
  it('the lockfile entry is the one npm ci installs from: a version and a Node range', () => {
    expect(LOCKED.version).toMatch(/^\d{4}\.\d+\.\d+$/);
    expect(LOCKED.engines?.node).toBeTruthy();
  });

  it('on Node 20 npm skips it silently for its engines: says which Node it needs', () => {
    const text = explainOpenvinoNodeAbsence(facts({ node: { version: 'v20.20.2', platform: 'linux', arch: 'x64' } }));
    expect(text).toBe(
      `npm left openvino-node ${LOCKED.version} out: it needs Node ${LOCKED.engines!.node} and this is Node v20.20.2 ` +
        '(npm skips an optional dependency whose engines do not match, silently); run npu-watch with Node 22 or newer and run `npm ci` again',
    );
  });

  it('on a supported Node, a failed install step is quoted from npm\'s own log', () => {
    const lines = openvinoNodeLogLines(FAILED_LOG, '/tmp/ovtest');
    expect(lines).toEqual([
      'info run openvino-node@2026.4.0 postinstall { code: 1, signal: null }',
      'verbose reify failed optional dependency /tmp/ovtest/node_modules/openvino-node',
    ]);
    const text = explainOpenvinoNodeAbsence(facts({ installRoot: '/tmp/ovtest', npmLog: { file: '/root/.npm/_logs/x-debug-0.log', lines } }));
    expect(text).toContain(`npm left openvino-node ${LOCKED.version} out: its install step failed`);
    expect(text).toContain("npm's log /root/.npm/_logs/x-debug-0.log says: info run openvino-node@2026.4.0 postinstall { code: 1, signal: null }");
  });

  it("a log about another directory's install is not evidence for this one", () => {
    expect(openvinoNodeLogLines(FAILED_LOG, '/opt/npu-watch')).toEqual([]);
  });

  it('without a log, it says the install step most likely failed and how to see why', () => {
    expect(explainOpenvinoNodeAbsence(facts({}))).toBe(
      `npm left openvino-node ${LOCKED.version} out: its install step most likely failed (it downloads the OpenVINO runtime, ` +
        'and npm removes an optional dependency whose install step fails); `npm rebuild openvino-node --foreground-scripts` in /opt/npu-watch shows why',
    );
  });

  it('an unsupported CPU or OS is named', () => {
    expect(explainOpenvinoNodeAbsence(facts({ locked: { ...LOCKED, cpu: ['x64'] }, node: { version: 'v22.23.3', platform: 'linux', arch: 'arm64' } }))).toBe(
      `npm left openvino-node ${LOCKED.version} out: it does not support this CPU arm64`,
    );
    expect(explainOpenvinoNodeAbsence(facts({ node: { version: 'v22.23.3', platform: 'freebsd', arch: 'x64' } }))).toBe(
      `npm left openvino-node ${LOCKED.version} out: it does not support this OS freebsd`,
    );
  });

  it('not in the lockfile: how to install it', () => {
    expect(explainOpenvinoNodeAbsence(facts({ locked: null }))).toBe(
      'openvino-node is not installed and not in /opt/npu-watch/package-lock.json; install it with `npm install openvino-node` there',
    );
  });
});
