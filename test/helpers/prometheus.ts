import { spawn, type ChildProcess } from 'node:child_process';
import fsp from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { eventually } from './cli.js';
import { listeningPorts } from './processes.js';

// The port a program started with a loopback listen address of port 0 got, once it listens (another test run
// on the machine cannot take it: the program bound it itself). Throws with its log if it exits first.
export async function portOf(child: ChildProcess, name: string, log: () => string): Promise<number> {
  return eventually(async () => {
    if (child.exitCode !== null) throw new Error(`${name} exited ${child.exitCode}:\n${log()}`);
    return listeningPorts(child.pid!)[0];
  }, `${name} to listen`);
}

export interface RunningPrometheus {
  url: string;
  query(promql: string): Promise<{ metric: Record<string, string>; value: [number, string] }[]>;
  stop(): Promise<void>;
}

// Starts the real Prometheus (Debian's package) on loopback, scraping `target` every second.
export async function startPrometheus(target: string, extraConfig = ''): Promise<RunningPrometheus> {
  const dir = await fsp.mkdtemp(path.join(os.tmpdir(), 'npu-watch-prometheus-'));
  await fsp.writeFile(
    path.join(dir, 'prometheus.yml'),
    `global:\n  scrape_interval: 1s\n  evaluation_interval: 1s\nscrape_configs:\n  - job_name: npu-watch\n    static_configs:\n      - targets: ['${target}']\n${extraConfig}`,
  );
  const child: ChildProcess = spawn(
    'prometheus',
    [
      `--config.file=${path.join(dir, 'prometheus.yml')}`,
      `--storage.tsdb.path=${path.join(dir, 'data')}`,
      '--web.listen-address=127.0.0.1:0',
    ],
    { stdio: ['ignore', 'ignore', 'pipe'] },
  );
  let log = '';
  child.stderr?.on('data', (chunk: Buffer) => {
    log += chunk.toString();
  });
  const url = `http://127.0.0.1:${await portOf(child, 'prometheus', () => log)}`;
  await eventually(async () => {
    if (child.exitCode !== null) throw new Error(`prometheus exited ${child.exitCode}:\n${log}`);
    return (await fetch(`${url}/-/ready`).catch(() => null))?.ok;
  }, 'Prometheus to be ready');
  return {
    url,
    async query(promql) {
      const response = await fetch(`${url}/api/v1/query?query=${encodeURIComponent(promql)}`);
      const body = (await response.json()) as { status: string; error?: string; data: { result: never[] } };
      if (body.status !== 'success') throw new Error(`query ${promql} failed: ${body.error}`);
      return body.data.result;
    },
    async stop() {
      const exited = new Promise((resolve) => child.once('exit', resolve));
      child.kill('SIGTERM');
      await exited;
      await fsp.rm(dir, { recursive: true, force: true });
    },
  };
}
