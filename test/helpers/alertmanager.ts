import { spawn, type ChildProcess } from 'node:child_process';
import fsp from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { eventually } from './cli.js';
import { portOf } from './prometheus.js';

export interface RunningAlertmanager {
  // host:port, for Prometheus's alerting config.
  address: string;
  stop(): Promise<void>;
}

// Starts Debian's Alertmanager on loopback (no clustering) delivering every alert to `webhookUrl` at once.
export async function startAlertmanager(webhookUrl: string): Promise<RunningAlertmanager> {
  const dir = await fsp.mkdtemp(path.join(os.tmpdir(), 'npu-watch-alertmanager-'));
  await fsp.writeFile(
    path.join(dir, 'alertmanager.yml'),
    `route:\n  receiver: test\n  group_by: [alertname]\n  group_wait: 1s\n  group_interval: 1s\n  repeat_interval: 1h\nreceivers:\n  - name: test\n    webhook_configs:\n      - url: '${webhookUrl}'\n        send_resolved: false\n`,
  );
  const child: ChildProcess = spawn(
    'prometheus-alertmanager',
    [
      `--config.file=${path.join(dir, 'alertmanager.yml')}`,
      `--storage.path=${path.join(dir, 'data')}`,
      '--web.listen-address=127.0.0.1:0',
      '--cluster.listen-address=',
    ],
    { stdio: ['ignore', 'ignore', 'pipe'] },
  );
  let log = '';
  child.stderr?.on('data', (chunk: Buffer) => {
    log += chunk.toString();
  });
  const port = await portOf(child, 'alertmanager', () => log);
  await eventually(async () => {
    if (child.exitCode !== null) throw new Error(`alertmanager exited ${child.exitCode}:\n${log}`);
    return (await fetch(`http://127.0.0.1:${port}/-/ready`).catch(() => null))?.ok;
  }, 'Alertmanager to be ready');
  return {
    address: `127.0.0.1:${port}`,
    async stop() {
      const exited = new Promise((resolve) => child.once('exit', resolve));
      child.kill('SIGTERM');
      await exited;
      await fsp.rm(dir, { recursive: true, force: true });
    },
  };
}
