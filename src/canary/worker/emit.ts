import type { Stage, WorkerMessage } from '../types.js';

// Writes one JSON line on stdout. Pipes are written synchronously on Linux, so a line is out before
// the native code that runs next can abort the process.
export function emit(message: WorkerMessage): void {
  process.stdout.write(`${JSON.stringify(message)}\n`);
}

// Runs one stage between its start and end lines; a stage that throws leaves only its start line.
export async function stage<T>(name: Stage, work: () => Promise<T> | T): Promise<T> {
  emit({ type: 'stage_start', stage: name });
  const started = performance.now();
  const result = await work();
  emit({ type: 'stage_end', stage: name, seconds: (performance.now() - started) / 1000 });
  return result;
}

// The message of anything thrown, native binding errors included.
export function errorMessage(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
