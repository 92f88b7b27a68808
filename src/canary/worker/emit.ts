import fs from 'node:fs';
import { PROTOCOL_FD } from '../protocol-channel.js';
import type { Stage, WorkerMessage } from '../types.js';

// Writes one JSON line on the protocol channel (protocol-channel.ts; not stdout, where native libraries print) with write(2) itself (fs.writeSync), not a stream: a stream may
// queue the line for a later tick of the event loop, and the native call that runs next (a compile) can abort
// the process before that tick comes; then the "stage_start" that names the dying stage would be lost. The
// launcher's end of the pipe is read continuously, so the write does not wait long; a partial write or EAGAIN
// (should the descriptor ever be non-blocking) is retried until the whole line is out.
export function emit(message: WorkerMessage): void {
  const line = Buffer.from(`${JSON.stringify(message)}\n`);
  let written = 0;
  while (written < line.length) {
    try {
      written += fs.writeSync(PROTOCOL_FD, line, written, line.length - written);
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      if (code === 'EAGAIN') continue;
      if (code === 'EBADF') {
        throw new Error(`npu-watch worker: file descriptor ${PROTOCOL_FD} (the protocol channel) is not open; the worker is started by npu-watch, not by hand`);
      }
      throw error;
    }
  }
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
