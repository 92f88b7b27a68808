import { BENCHMARK_STAGES, CANARY_STAGES, type WorkerMessage } from './types.js';

const STAGES = new Set<string>([...CANARY_STAGES, ...BENCHMARK_STAGES]);
const MAX_SHOWN = 120;

// Parses one stdout line of a worker; anything that is not a well-formed message is rejected with
// the reason and the start of the line, so a confused runtime writing to stdout cannot pass as a result.
export function parseWorkerLine(line: string): { ok: true; message: WorkerMessage } | { ok: false; error: string } {
  const shown = JSON.stringify(line.length > MAX_SHOWN ? `${line.slice(0, MAX_SHOWN)}…` : line);
  let value: unknown;
  try {
    value = JSON.parse(line);
  } catch {
    return { ok: false, error: `not JSON: ${shown}` };
  }
  const message = value as Partial<Record<string, unknown>> | null;
  if (typeof message !== 'object' || message === null || typeof message.type !== 'string') {
    return { ok: false, error: `no message type: ${shown}` };
  }
  switch (message.type) {
    case 'stage_start':
    case 'stage_end':
      if (typeof message.stage !== 'string' || !STAGES.has(message.stage)) return { ok: false, error: `unknown stage: ${shown}` };
      if (message.type === 'stage_end' && typeof message.seconds !== 'number') return { ok: false, error: `stage_end without seconds: ${shown}` };
      return { ok: true, message: message as WorkerMessage };
    case 'runtime':
      if (typeof message.runtime !== 'object' || message.runtime === null) return { ok: false, error: `runtime without a description: ${shown}` };
      return { ok: true, message: message as WorkerMessage };
    case 'verdict':
      if (typeof message.verdict !== 'object' || message.verdict === null) return { ok: false, error: `verdict without a verdict: ${shown}` };
      return { ok: true, message: message as WorkerMessage };
    case 'benchmark':
      if (typeof message.benchmark !== 'object' || message.benchmark === null) return { ok: false, error: `benchmark without a report: ${shown}` };
      return { ok: true, message: message as WorkerMessage };
    case 'benchmark_error':
      if (typeof message.stage !== 'string' || typeof message.message !== 'string') return { ok: false, error: `malformed benchmark_error: ${shown}` };
      return { ok: true, message: message as WorkerMessage };
    default:
      return { ok: false, error: `unknown message type ${JSON.stringify(message.type)}` };
  }
}
