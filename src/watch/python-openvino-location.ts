import path from 'node:path';
import type { CommandRunner } from '../host/runner.js';

// Where python3's `openvino` distribution is installed: importlib.metadata's PathDistribution.locate_file(path)
// is `self._path.parent / path` (python/cpython Lib/importlib/metadata/__init__.py), so locate_file('') is the
// directory its .dist-info sits in (site-packages). Asked the way the inventory asks for the version
// (src/probes/inventory/read-openvino.ts): isolated (-I), from /.
export const PYTHON_OPENVINO_LOCATION = "import importlib.metadata as m; print(m.distribution('openvino').locate_file(''))";

// The site-packages directory of python3's openvino, or null when python3 or openvino is absent or the answer is
// not one absolute path.
export async function locatePythonOpenvino(run: CommandRunner, signal?: AbortSignal): Promise<string | null> {
  const result = await run('python3', ['-I', '-c', PYTHON_OPENVINO_LOCATION], { signal, cwd: '/' });
  const dir = result.stdout.trim();
  if (result.exitCode !== 0 || dir.includes('\n') || !path.isAbsolute(dir)) return null;
  return path.normalize(dir);
}

// What pip changes when openvino is installed, upgraded or removed in that directory: the package itself and its
// metadata directory, `openvino-<version>.dist-info` (the wheel's name; the binary form of the Python Packaging
// Authority's "Recording installed projects" spec, not checked in pip's source here).
export const PYTHON_OPENVINO_ENTRIES = /^openvino(-[^-]+\.dist-info)?$/;
