import { describe, expect, it } from 'vitest';
import {
  installFailureReason,
  newestVersions,
  parseNpmViewVersions,
  parsePipIndexVersions,
  tarballVersions,
} from '../../../src/commands/try-openvino/candidates.js';

describe('the versions an index offers', () => {
  it("reads pip's `index versions` line, newest first as pip prints it", () => {
    const out = 'openvino (2025.4.0)\nAvailable versions: 2025.4.0, 2025.3.0rc1, 2025.2.0, 2025.1.0\n';
    expect(parsePipIndexVersions(out)).toEqual(['2025.4.0', '2025.3.0rc1', '2025.2.0', '2025.1.0']);
    expect(parsePipIndexVersions('ERROR: No matching distribution found for openvino\n')).toBeNull();
  });

  it("reads npm view's JSON (a list, or a bare string for one version) and sorts it newest first", () => {
    expect(parseNpmViewVersions('["2024.6.0","2025.2.0","2025.10.0","2025.3.0-preview"]')).toEqual(['2025.10.0', '2025.3.0-preview', '2025.2.0', '2024.6.0']);
    expect(parseNpmViewVersions('"2025.2.0"')).toEqual(['2025.2.0']);
    expect(parseNpmViewVersions('{"error":{}}')).toBeNull();
    expect(parseNpmViewVersions('not json')).toBeNull();
  });

  it('reads the versions of `npm pack` tarballs in a directory', () => {
    expect(tarballVersions(['openvino-node-2025.1.0.tgz', 'README', 'openvino-node-2025.2.0.tgz', 'other-1.0.0.tgz'])).toEqual(['2025.2.0', '2025.1.0']);
  });

  it('takes the newest N, pre-releases only with --pre', () => {
    const pip = ['2026.0.0.dev20251120', '2025.4.0', '2025.3.0rc1', '2025.2.0'];
    expect(newestVersions(pip, 2, 'python', false)).toEqual(['2025.4.0', '2025.2.0']);
    expect(newestVersions(pip, 2, 'python', true)).toEqual(['2026.0.0.dev20251120', '2025.4.0']);
    expect(newestVersions(['2025.3.0-preview', '2025.2.0'], 1, 'node', false)).toEqual(['2025.2.0']);
  });
});

describe("pip's or npm's reason for a failed install", () => {
  it("keeps pip's ERROR lines, not its notices", () => {
    // pip 23.0.1's two lines for a version --find-links does not hold (the try-openvino integration test's run);
    // the notice line as pip's self-check prints it (src/pip/_internal/self_outdated_check.py, UpgradePrompt).
    const stderr =
      'ERROR: Could not find a version that satisfies the requirement openvino==2024.9.0 (from versions: 2025.1.0)\n' +
      'ERROR: No matching distribution found for openvino==2024.9.0\n\n[notice] A new release of pip is available: 23.0.1 -> 25.3\n';
    expect(installFailureReason(stderr)).toBe(
      'ERROR: Could not find a version that satisfies the requirement openvino==2024.9.0 (from versions: 2025.1.0) / ERROR: No matching distribution found for openvino==2024.9.0',
    );
  });

  it("keeps npm's last error lines that say something, not its pointer to the log", () => {
    // npm 11.19.1's stderr for `npm install --prefix P --loglevel=error /tmp/tryov/none/openvino-node-2024.9.0.tgz`
    // (a tarball that does not exist), captured on this project's machine; the log file's name shortened.
    const stderr = [
      'npm error code ENOENT',
      'npm error syscall open',
      'npm error path /tmp/tryov/none/openvino-node-2024.9.0.tgz',
      'npm error errno -2',
      "npm error enoent ENOENT: no such file or directory, open '/tmp/tryov/none/openvino-node-2024.9.0.tgz'",
      'npm error enoent This is related to npm not being able to find a file.',
      'npm error enoent',
      'npm error A complete log of this run can be found in: /root/.npm/_logs/debug-0.log',
      '',
    ].join('\n');
    expect(installFailureReason(stderr)).toBe(
      "npm error enoent ENOENT: no such file or directory, open '/tmp/tryov/none/openvino-node-2024.9.0.tgz' / npm error enoent This is related to npm not being able to find a file.",
    );
  });

  it('falls back to the last lines of any output', () => {
    expect(installFailureReason('', 'Error: No module named venv\n')).toBe('Error: No module named venv');
    expect(installFailureReason('')).toBe('no output');
  });
});
