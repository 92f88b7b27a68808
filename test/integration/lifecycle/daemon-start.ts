import { spawn } from 'node:child_process';
import fsp from 'node:fs/promises';
import { CLI, pathEnv, writeFixtureConfig } from '../../helpers/cli.js';
import type { HostPaths } from '../../../src/host/paths.js';

// How a `npu-watch run` start ended: it refused (exited before serving), or it served (and was then killed).
export type StartOutcome = { refused: true; exitCode: number | null; stderr: string } | { refused: false; stdout: string };

// Starts the built daemon and waits for whichever comes first: its exit, or the log line saying it serves. A
// daemon that serves is killed at once: the line is the sentinel that it did not refuse.
export async function startOrRefuse(args: string[], env: Record<string, string> = {}): Promise<StartOutcome> {
  const child = spawn(process.execPath, [CLI, 'run', ...args], {
    env: { ...process.env, NPU_WATCH_CONFIG: '', ...pathEnv(), ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  return new Promise((resolve) => {
    child.stdout.on('data', (chunk: Buffer) => {
      stdout += chunk.toString();
      if (stdout.includes('"url"')) {
        child.kill('SIGKILL');
        resolve({ refused: false, stdout });
      }
    });
    child.once('close', (exitCode) => resolve({ refused: true, exitCode, stderr }));
  });
}

// A fixture config whose [state] dir is `stateDir`.
// It listens on a port the kernel chooses, so that runs beside it (another checkout's tests, a user's daemon) never
// collide with it.
export async function configWithStateDir(paths: HostPaths, stateDir: string, extra = ''): Promise<string> {
  const file = await writeFixtureConfig(paths, `${extra}\n[http]\nlisten = "127.0.0.1:0"\n`);
  const text = await fsp.readFile(file, 'utf8');
  await fsp.writeFile(file, text.replace(/\[state\]\ndir = "[^"]*"/, `[state]\ndir = ${JSON.stringify(stateDir)}`));
  return file;
}
