// A Python runtime that cannot run the canary is runtime_missing, with a reason the user can act on: no interpreter,
// a virtual environment whose interpreter is gone, an interpreter that dies before running the worker, no openvino
// in it, an openvino that does not import.
import fs from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { DEBIAN_PYTHON, FAKE_OPENVINO_PYTHON, runPythonWorker, tempDir } from '../../helpers/python-worker.js';

const cleanups: (() => void)[] = [];
afterEach(() => {
  for (const cleanup of cleanups.splice(0)) cleanup();
});
const scratch = () => {
  const made = tempDir('npu-watch-pyvenv-');
  cleanups.push(made.cleanup);
  return made.dir;
};

describe('a Python runtime that cannot run the worker is runtime_missing, saying why', () => {
  it('no interpreter at the configured path', async () => {
    const missing = path.join(scratch(), 'venv/bin/python3');
    const { outcome } = await runPythonWorker('CPU', { interpreter: missing });
    expect(outcome.canary.result).toBe('runtime_missing');
    expect(outcome.canary.message).toBe(`the interpreter ${missing} does not exist (spawn ${missing} ENOENT)`);
  });

  it("a virtual environment whose bin/python points at an interpreter that is gone (a broken venv)", async () => {
    const venv = scratch();
    fs.mkdirSync(path.join(venv, 'bin'));
    fs.symlinkSync('/usr/bin/python3.0-removed', path.join(venv, 'bin/python3'));
    const interpreter = path.join(venv, 'bin/python3');
    const { outcome } = await runPythonWorker('CPU', { interpreter });
    expect(outcome.canary.result).toBe('runtime_missing');
    expect(outcome.canary.message).toBe(
      `the interpreter ${interpreter} is a symlink to a missing file (/usr/bin/python3.0-removed): a broken virtual environment (spawn ${interpreter} ENOENT)`,
    );
  });

  it('an interpreter that exits before running the worker (its standard library not found) gives its own error line', async () => {
    const { outcome } = await runPythonWorker('CPU', { env: { PYTHONHOME: '/nonexistent-python-home' } });
    expect(outcome.canary.result).toBe('runtime_missing');
    expect(outcome.canary.message).toBe(
      `the Python interpreter ${DEBIAN_PYTHON} exited with code 1 before running npu-watch's worker: ` +
        "Fatal Python error: init_fs_encoding: failed to get the Python codec of the filesystem encoding; ModuleNotFoundError: No module named 'encodings'",
    );
  });

  it('an interpreter without the openvino package', async () => {
    const { outcome } = await runPythonWorker('CPU', { pythonPath: scratch() });
    expect(outcome.canary).toMatchObject({ result: 'runtime_missing', stage: 'load_runtime', runtime: null });
    expect(outcome.canary.message).toBe(`cannot load the OpenVINO runtime: ModuleNotFoundError: No module named 'openvino' (Python ${DEBIAN_PYTHON})`);
  });

  it('an openvino package that fails to import gives its ImportError', async () => {
    const site = scratch();
    fs.mkdirSync(path.join(site, 'openvino'));
    // A stand-in for a broken install (the text is the test's own, not a captured one).
    fs.writeFileSync(path.join(site, 'openvino/__init__.py'), "raise ImportError('npu-watch test: this openvino install is broken')\n");
    const { outcome } = await runPythonWorker('CPU', { pythonPath: site });
    expect(outcome.canary).toMatchObject({ result: 'runtime_missing', stage: 'load_runtime' });
    expect(outcome.canary.message).toBe(`cannot load the OpenVINO runtime: ImportError: npu-watch test: this openvino install is broken (Python ${DEBIAN_PYTHON})`);
  });

  it('the fake package itself imports (so the cases above fail for their own reason)', async () => {
    const { outcome } = await runPythonWorker('CPU', { pythonPath: FAKE_OPENVINO_PYTHON });
    expect(outcome.canary.result).toBe('ok');
  });
});
