import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { launchWorker, nodeWorkerCommand } from '../../../src/canary/launcher.js';
import { createLogger } from '../../../src/log.js';

const WORKER = path.resolve(import.meta.dirname, '../../fixtures/workers/scripted-worker.mjs');

describe('the log line of a worker npu-watch ends', () => {
  it("keeps the daemon's pid and names the worker's worker_pid (one pid key, not two)", async () => {
    const lines: string[] = [];
    // The daemon's own logger (pino's base carries the daemon's pid), writing into this array.
    const log = createLogger({ level: 'info', env: {}, destination: { write: (line: string) => lines.push(line) } });
    const run = await launchWorker(
      { runtime_module: 'none', device: 'hang-in-compile', compiler_type: null, benchmark: null },
      { command: nodeWorkerCommand(WORKER), totalTimeoutMs: 10_000, stageTimeoutMs: 500, graceMs: 300, log },
    );
    expect(run.ended).toEqual({ reason: 'stage_timeout', stage: 'compile' });
    const ending = lines.find((line) => line.includes('ending canary worker'));
    expect(ending).toBeDefined();
    expect(ending!.match(/"pid":/g)).toHaveLength(1);
    const parsed = JSON.parse(ending!) as Record<string, unknown>;
    expect(parsed.pid).toBe(process.pid);
    expect(typeof parsed.worker_pid).toBe('number');
    expect(parsed.worker_pid).not.toBe(process.pid);
    expect(parsed.msg).toBe(`ending canary worker ${String(parsed.worker_pid)} (stage_timeout in compile)`);
  });
});
