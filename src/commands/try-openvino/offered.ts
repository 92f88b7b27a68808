import fs from 'node:fs';
import type { CommandRunner } from '../../host/runner.js';
import { installFailureReason, parseNpmViewVersions, parsePipIndexVersions, tarballVersions, type TryKind } from './candidates.js';
import type { InstallSettings } from './environments.js';

// The versions the user's index offers, newest first, or why they could not be listed. python: the base Python's
// pip (`pip index versions`, with the same extra arguments as the installs); node: `npm view openvino-node versions`
// with the user's npm registry (a JSON array, oldest first, as npm 11.19.1 prints it here), or the tarballs of
// $NPU_WATCH_NPM_TARBALLS. pip index is experimental (pip warns so on stderr) and prints "Available versions: …".
export async function offeredVersions(kind: TryKind, settings: InstallSettings, runner: CommandRunner, signal: AbortSignal): Promise<string[] | string> {
  if (kind === 'node') {
    if (settings.npmTarballs) {
      try {
        return tarballVersions(fs.readdirSync(settings.npmTarballs));
      } catch (error) {
        return `${settings.npmTarballs}: ${(error as Error).message}`;
      }
    }
    const view = await runner('npm', ['view', 'openvino-node', 'versions', '--json'], { signal, timeoutMs: 120_000 });
    if (view.notFound) return 'npm is not installed';
    return view.exitCode === 0 ? (parseNpmViewVersions(view.stdout) ?? `unexpected npm output: ${view.stdout.slice(0, 200)}`) : `npm: ${installFailureReason(view.stderr, view.stdout)}`;
  }
  const args = ['-I', '-m', 'pip', 'index', 'versions', '--disable-pip-version-check', '--pre', ...settings.pipArgs, 'openvino'];
  const index = await runner(settings.python, args, { signal, timeoutMs: 120_000, cwd: '/' });
  if (index.notFound) return `${settings.python} is not installed`;
  return index.exitCode === 0 ? (parsePipIndexVersions(index.stdout) ?? `unexpected pip output: ${index.stdout.slice(0, 200)}`) : `pip: ${installFailureReason(index.stderr, index.stdout)}`;
}
