import { spawn, type ChildProcess } from 'node:child_process';
import { CLI, pathEnv } from '../../helpers/cli.js';

// A daemon started through bash with a resource limit set first (`ulimit -n 64`), then exec'd: the node process
// is bash's pid, so the test watches exactly the process it started.
export interface LimitedDaemon {
  child: ChildProcess;
  url: string;
  // Every JSON log line so far, parsed.
  lines(): Record<string, unknown>[];
  waitForLine(match: (line: Record<string, unknown>) => boolean): Promise<Record<string, unknown>>;
  exited(): boolean;
  stop(): Promise<{ exitCode: number | null; signal: NodeJS.Signals | null }>;
}

// Starts `ulimit <limit>; exec node dist/cli.js run --config <file>` and resolves once it logs its URL.
export async function startDaemonUnderLimit(configFile: string, ulimit: string, options: { bin?: string; env?: Record<string, string> } = {}): Promise<LimitedDaemon> {
  const child = spawn('bash', ['-c', `ulimit ${ulimit} && exec "$0" "$@"`, process.execPath, CLI, 'run', '--config', configFile], {
    env: { ...process.env, NPU_WATCH_CONFIG: '', ...pathEnv(options.bin), ...options.env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const closed = new Promise<{ exitCode: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    child.once('close', (exitCode, signal) => resolve({ exitCode, signal })),
  );
  let stdout = '';
  let stderr = '';
  child.stdout!.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
  child.stderr!.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const lines = () =>
    stdout
      .split('\n')
      .filter((line) => line.startsWith('{'))
      .map((line) => JSON.parse(line) as Record<string, unknown>);
  const exited = () => child.exitCode !== null || child.signalCode !== null;
  const waitForLine = async (match: (line: Record<string, unknown>) => boolean) => {
    for (;;) {
      const found = lines().find(match);
      if (found) return found;
      if (exited()) throw new Error(`the daemon exited (${child.exitCode ?? child.signalCode}):\n${stderr}\n${stdout.slice(-4000)}`);
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  };
  const serving = await waitForLine((line) => typeof line.url === 'string');
  return {
    child,
    url: serving.url as string,
    lines,
    waitForLine,
    exited,
    async stop() {
      if (!exited()) child.kill('SIGTERM');
      return closed;
    },
  };
}
