import { fileURLToPath } from 'node:url';
import { classifyRun } from './classify-run.js';
import type { WorkerCommand, WorkerRun } from './launcher.js';
import { notRun, type CanaryOutcome, type WorkerOutcome } from './outcome.js';
import { interpreterProblem } from './runtimes.js';
import type { NpuCompilerType } from './types.js';

// npu-watch's Python canary worker, shipped in the package beside dist/ (package.json "files"): the same path
// from src/canary (tests) and dist/canary (installed).
export function pythonWorkerScript(): string {
  return fileURLToPath(new URL('../../python/npu_watch_worker.py', import.meta.url));
}

// The Python worker run by a runtime's interpreter (python3 on PATH, or a virtual environment's bin/python).
export function pythonWorkerCommand(interpreter: string): WorkerCommand {
  return { file: interpreter, args: [pythonWorkerScript()] };
}

// A Python runtime's worker that never ran npu-watch's script, as runtime_missing with the reason (pure); null when
// the script ran (then its own verdict, a crash or a timeout is classified as for any worker):
// - the interpreter cannot be executed: spawn fails with ENOENT (no file, or a symbolic link to nothing, which
//   execve(2) follows) or EACCES; `problem` is what runtimes.ts interpreterProblem (the check made before every
//   launch) says of it now, since it can be gone between that check and the spawn;
// - the interpreter started but exited before the worker's first line, without a signal: Python's own start-up
//   failed (a venv or PYTHONHOME whose standard library is gone: "Fatal Python error: init_fs_encoding …"), or it
//   could not run the script (a Python too old for its syntax). Its stderr says which.
// "No openvino in that interpreter" is not here: the worker itself reports it from load_runtime, with the import error.
export function pythonLaunchFailure(run: WorkerRun, where: string, problem: string | null): CanaryOutcome | null {
  if (run.startError !== null) {
    if (!/\b(ENOENT|EACCES)\b/.test(run.startError)) return null;
    return notRun('runtime_missing', `${problem ?? `the Python interpreter ${where} could not be started`} (${run.startError})`);
  }
  if (run.messages.length > 0 || run.signal !== null || run.ended !== null || run.exitCode === 0 || run.exitCode === null) return null;
  const said = interpreterError(run.stderrTail);
  return {
    ...notRun('runtime_missing', `the Python interpreter ${where} exited with code ${run.exitCode} before running npu-watch's worker${said ? `: ${said}` : ''}`),
    exit_code: run.exitCode,
    duration_seconds: run.durationSeconds,
    stderr_tail: run.stderrTail,
    stdout_tail: run.stdoutTail,
  };
}

// The line that says why Python stopped: CPython's "Fatal Python error: …" with the exception line after it
// (Python/pylifecycle.c fatal_error prints the former, then the pending exception), else the last line of stderr.
function interpreterError(stderr: string): string | null {
  const lines = stderr.split('\n').map((line) => line.trim()).filter((line) => line !== '');
  const fatal = lines.findIndex((line) => line.startsWith('Fatal Python error:'));
  if (fatal >= 0) {
    const exception = lines.slice(fatal + 1).find((line) => /^[A-Za-z_.]*(Error|Exception):/.test(line));
    return exception ? `${lines[fatal]}; ${exception}` : (lines[fatal] as string);
  }
  return lines.at(-1) ?? null;
}

// classifyRun for a Python runtime's worker: a worker that never ran is the runtime's absence, not a crash.
export function classifyPythonRun(run: WorkerRun, compiler: NpuCompilerType | null, interpreter: string): WorkerOutcome {
  const missing = pythonLaunchFailure(run, interpreter, run.startError === null ? null : interpreterProblem(interpreter));
  if (missing !== null) return { canary: { ...missing, compiler }, benchmark: null, benchmark_error: null };
  return classifyRun(run, compiler);
}
