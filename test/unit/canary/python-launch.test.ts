import { describe, expect, it } from 'vitest';
import type { WorkerRun } from '../../../src/canary/launcher.js';
import { pythonLaunchFailure } from '../../../src/canary/python-worker.js';

const run = (overrides: Partial<WorkerRun> = {}): WorkerRun => ({
  messages: [],
  invalidLines: [],
  exitCode: null,
  signal: null,
  ended: null,
  lingered: false,
  unkillable: false,
  startError: null,
  stdoutTail: '',
  stderrTail: '',
  compilerWarnings: 0,
  durationSeconds: 0.05,
  ...overrides,
});
const interpreter = '/home/me/venv/bin/python3';

describe('pythonLaunchFailure', () => {
  it('a spawn refused for permissions: cannot run the interpreter', () => {
    const problem = 'the interpreter /home/me/venv/bin/python3 is not executable by this user';
    const failure = pythonLaunchFailure(run({ startError: 'spawn /home/me/venv/bin/python3 EACCES' }), interpreter, problem);
    expect(failure).toMatchObject({ result: 'runtime_missing', message: `${problem} (spawn /home/me/venv/bin/python3 EACCES)` });
  });

  it('another spawn failure (out of file descriptors) is not the runtime: left to classifyRun', () => {
    expect(pythonLaunchFailure(run({ startError: 'spawn EMFILE' }), interpreter, null)).toBeNull();
  });

  // CPython before 3.7 refuses the worker's first import with Python/future.c's UNDEFINED_FUTURE_FEATURE
  // ("future feature %.100s is not defined"); the traceback's shape around it is the test's own.
  it('an interpreter too old for the worker: its last stderr line (no fatal error line)', () => {
    const stderr = '  File "/usr/lib/npu-watch/python/npu_watch_worker.py", line 9\n    from __future__ import annotations\nSyntaxError: future feature annotations is not defined\n';
    expect(pythonLaunchFailure(run({ exitCode: 1, stderrTail: stderr }), interpreter, null)?.message).toBe(
      "the Python interpreter /home/me/venv/bin/python3 exited with code 1 before running npu-watch's worker: SyntaxError: future feature annotations is not defined",
    );
  });

  it('a worker that started its stages, was killed, timed out or exited 0 is classified as any worker', () => {
    expect(pythonLaunchFailure(run({ exitCode: 70, messages: [{ type: 'stage_start', stage: 'load_runtime' }] }), interpreter, null)).toBeNull();
    expect(pythonLaunchFailure(run({ signal: 'SIGSEGV' }), interpreter, null)).toBeNull();
    expect(pythonLaunchFailure(run({ signal: 'SIGKILL', ended: { reason: 'total_timeout', stage: null } }), interpreter, null)).toBeNull();
    expect(pythonLaunchFailure(run({ exitCode: 0 }), interpreter, null)).toBeNull();
  });
});
