import { fileURLToPath } from 'node:url';
import type { WorkerCommand } from './launcher.js';

// npu-watch's Python canary worker, shipped in the package beside dist/ (package.json "files"): the same path
// from src/canary (tests) and dist/canary (installed).
export function pythonWorkerScript(): string {
  return fileURLToPath(new URL('../../python/npu_watch_worker.py', import.meta.url));
}

// The Python worker run by a runtime's interpreter (python3 on PATH, or a virtual environment's bin/python).
export function pythonWorkerCommand(interpreter: string): WorkerCommand {
  return { file: interpreter, args: [pythonWorkerScript()] };
}
