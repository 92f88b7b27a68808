import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { CLI } from '../../helpers/cli.js';

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'npu-watch-error-lines-'));
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

// Runs `npu-watch notify` against a port nobody serves, with its state directory under a regular file (so the
// last shown id cannot be read: ENOTDIR), until it has said it cannot reach the daemon; its log lines, parsed.
async function notifyLines(extraArgs: string[]): Promise<Record<string, unknown>[]> {
  const notAFile = path.join(dir, 'state-is-a-file');
  fs.writeFileSync(notAFile, '');
  const child = spawn(process.execPath, [CLI, 'notify', '--url', 'http://127.0.0.1:1', ...extraArgs], {
    env: { ...process.env, NPU_WATCH_CONFIG: '', XDG_STATE_HOME: notAFile },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  let output = '';
  const closed = new Promise((resolve) => child.once('close', resolve));
  await new Promise<void>((resolve) => {
    child.stdout.on('data', (chunk: Buffer) => {
      output += chunk.toString();
      if (output.includes('cannot reach npu-watch')) resolve();
    });
    child.once('close', () => resolve());
  });
  child.kill('SIGTERM');
  await closed;
  return output
    .split('\n')
    .filter((line) => line.startsWith('{'))
    .map((line) => JSON.parse(line) as Record<string, unknown>);
}

describe('log lines of expected failures', () => {
  it('carry the error on one line (type, message, code), no stack trace', async () => {
    const lines = await notifyLines([]);
    const warning = lines.find((line) => line.level === 'warn' && typeof line.err === 'object');
    expect(warning?.err).toEqual({
      type: 'Error',
      message: `ENOTDIR: not a directory, open '${path.join(dir, 'state-is-a-file', 'npu-watch', 'notify-last-id')}'`,
      code: 'ENOTDIR',
    });
  });

  it('carry the stack trace under --log-level debug', async () => {
    const lines = await notifyLines(['--log-level', 'debug']);
    const warning = lines.find((line) => line.level === 'warn' && typeof line.err === 'object');
    expect((warning?.err as { stack?: string }).stack).toMatch(/^Error: ENOTDIR: not a directory[^\n]*\n +at /);
  });
});
