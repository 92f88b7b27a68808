// Runs driver.mjs in a real child process against the fake runtime, with a scenario file, and keeps track of
// every child so a test that fails half-way leaves no process behind (killAllDrivers in afterEach).
import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { scenarioFile } from '../../helpers/fake-runtime.js';

export const DRIVER = path.join(import.meta.dirname, 'driver.mjs');

export type DriverLine =
  | { type: 'stage'; stage: string }
  | { type: 'error'; stage: string; message: string }
  | ({ type: 'result'; fake: boolean } & Record<string, unknown>);

export interface DriverExit {
  code: number | null;
  signal: NodeJS.Signals | null;
  lines: DriverLine[];
  stderr: string;
  // The last stage the driver announced before it ended.
  lastStage: string | null;
  result: Extract<DriverLine, { type: 'result' }> | undefined;
  error: Extract<DriverLine, { type: 'error' }> | undefined;
}

export interface RunningDriver {
  child: ChildProcess;
  lines(): DriverLine[];
  waitForStage(stage: string, timeoutMs?: number): Promise<void>;
  exited: Promise<DriverExit>;
}

const children = new Set<ChildProcess>();

export function startDriver(job: Record<string, unknown>, scenario: Record<string, unknown> | string | null): RunningDriver {
  const env: NodeJS.ProcessEnv = { ...process.env };
  delete env.NPU_WATCH_FAKE_SCENARIO;
  if (scenario !== null) env.NPU_WATCH_FAKE_SCENARIO = typeof scenario === 'string' ? scenario : scenarioFile(scenario);
  const child = spawn(process.execPath, [DRIVER, JSON.stringify(job)], { env, stdio: ['ignore', 'pipe', 'pipe'] });
  children.add(child);
  let stdout = '';
  let stderr = '';
  const parsed: DriverLine[] = [];
  const listeners = new Set<() => void>();
  child.stdout!.setEncoding('utf8').on('data', (chunk: string) => {
    stdout += chunk;
    let newline;
    while ((newline = stdout.indexOf('\n')) >= 0) {
      parsed.push(JSON.parse(stdout.slice(0, newline)) as DriverLine);
      stdout = stdout.slice(newline + 1);
    }
    for (const listener of listeners) listener();
  });
  child.stderr!.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
  const exited = new Promise<DriverExit>((resolve) => {
    child.on('close', (code, signal) => {
      children.delete(child);
      const stages = parsed.filter((line): line is Extract<DriverLine, { type: 'stage' }> => line.type === 'stage');
      resolve({
        code,
        signal,
        lines: parsed,
        stderr,
        lastStage: stages.at(-1)?.stage ?? null,
        result: parsed.find((line): line is Extract<DriverLine, { type: 'result' }> => line.type === 'result'),
        error: parsed.find((line): line is Extract<DriverLine, { type: 'error' }> => line.type === 'error'),
      });
    });
  });
  return {
    child,
    lines: () => [...parsed],
    exited,
    waitForStage(stage, timeoutMs = 15_000) {
      return new Promise<void>((resolve, reject) => {
        const check = () => {
          if (parsed.some((line) => line.type === 'stage' && line.stage === stage)) {
            clearTimeout(timer);
            listeners.delete(check);
            resolve();
          }
        };
        const timer = setTimeout(() => {
          listeners.delete(check);
          reject(new Error(`driver did not reach stage ${stage} within ${timeoutMs} ms (stderr: ${stderr})`));
        }, timeoutMs);
        listeners.add(check);
        check();
        void exited.then(() => {
          if (listeners.has(check)) {
            listeners.delete(check);
            clearTimeout(timer);
            reject(new Error(`driver exited before stage ${stage} (stderr: ${stderr})`));
          }
        });
      });
    },
  };
}

export async function runDriver(job: Record<string, unknown>, scenario: Record<string, unknown> | string | null): Promise<DriverExit> {
  return startDriver(job, scenario).exited;
}

// SIGKILL for every driver still running.
export async function killAllDrivers(): Promise<void> {
  const closing = [...children].map(
    (child) =>
      new Promise<void>((resolve) => {
        if (child.exitCode !== null || child.signalCode !== null) return resolve();
        child.once('close', () => resolve());
        child.kill('SIGKILL');
      }),
  );
  await Promise.all(closing);
}

// Whether a process with this pid still exists.
export function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}
