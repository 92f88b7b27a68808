import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pino from 'pino';
import { afterEach, describe, expect, it } from 'vitest';
import { DEFAULT_NODE_RUNTIME, DEFAULT_PYTHON_RUNTIME, interpreterProblem, resolveRuntimes } from '../../../src/canary/runtimes.js';
import type { CommandResult, CommandRunner } from '../../../src/host/runner.js';
import { parseConfig } from '../../../src/config.js';

const log = pino({ level: 'silent' });

// A runner standing in for `python3 -c "import openvino"`: what it was asked, and the exit it gives.
function pythonThat(exitCode: number | null, extra: Partial<CommandResult> = {}) {
  const calls: { command: string; args: string[]; cwd?: string; timeoutMs?: number }[] = [];
  const runner: CommandRunner = async (command, args, options = {}) => {
    calls.push({ command, args, cwd: options.cwd, timeoutMs: options.timeoutMs });
    return { command, args, exitCode, signal: null, stdout: '', stderr: '', notFound: false, startError: null, timedOut: false, durationMs: 1, ...extra };
  };
  return { runner, calls };
}

const dirs: string[] = [];
afterEach(() => {
  for (const dir of dirs.splice(0)) fs.rmSync(dir, { recursive: true, force: true });
});
const tmp = () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'npu-watch-runtimes-'));
  dirs.push(dir);
  return dir;
};

describe('the default runtimes', () => {
  it('are openvino-node, and python3 when it can import openvino (asked once, from /, with a timeout)', async () => {
    const yes = pythonThat(0);
    expect(await resolveRuntimes(undefined, yes.runner, log)).toEqual([DEFAULT_NODE_RUNTIME, DEFAULT_PYTHON_RUNTIME]);
    expect(yes.calls).toEqual([{ command: 'python3', args: ['-c', 'import openvino'], cwd: '/', timeoutMs: 30_000 }]);
    expect(await resolveRuntimes(undefined, pythonThat(1).runner, log)).toEqual([DEFAULT_NODE_RUNTIME]);
    expect(await resolveRuntimes(undefined, pythonThat(null, { notFound: true }).runner, log)).toEqual([DEFAULT_NODE_RUNTIME]);
    expect(await resolveRuntimes(undefined, pythonThat(null, { timedOut: true, signal: 'SIGKILL' }).runner, log)).toEqual([DEFAULT_NODE_RUNTIME]);
  });

  it('configured runtimes are taken as they are, without asking python3', async () => {
    const config = parseConfig(
      '[[runtimes]]\nname = "node-2025.2"\nkind = "node"\nmodule = "/var/lib/npu-watch/runtimes/2025.2/node_modules/openvino-node"\n\n[[runtimes]]\nname = "venv"\nkind = "python"\ninterpreter = "/home/me/venv/bin/python"\n',
      'c.toml',
      { HOME: '/h' },
    );
    const asked = pythonThat(0);
    expect(await resolveRuntimes(config.runtimes, asked.runner, log)).toEqual([
      { name: 'node-2025.2', kind: 'node', module: '/var/lib/npu-watch/runtimes/2025.2/node_modules/openvino-node' },
      { name: 'venv', kind: 'python', interpreter: '/home/me/venv/bin/python' },
    ]);
    expect(asked.calls).toEqual([]);
  });
});

describe('interpreterProblem', () => {
  it('accepts an executable file by path, or a command found on PATH', () => {
    const dir = tmp();
    fs.writeFileSync(path.join(dir, 'python3'), '#!/bin/sh\n', { mode: 0o755 });
    expect(interpreterProblem(path.join(dir, 'python3'))).toBeNull();
    expect(interpreterProblem('python3', { PATH: `/nonexistent:${dir}` })).toBeNull();
  });

  it('names what is wrong: missing, not on PATH, not executable, a broken venv', () => {
    const dir = tmp();
    expect(interpreterProblem(path.join(dir, 'nope'))).toBe(`the interpreter ${path.join(dir, 'nope')} does not exist`);
    expect(interpreterProblem('python3', { PATH: dir })).toBe(`the interpreter python3 is not on PATH (${dir})`);
    fs.writeFileSync(path.join(dir, 'plain'), '', { mode: 0o644 });
    if (process.getuid?.() !== 0) expect(interpreterProblem(path.join(dir, 'plain'))).toBe(`the interpreter ${path.join(dir, 'plain')} is not executable by this user`);
    fs.symlinkSync('/usr/lib/nonexistent-python3.13', path.join(dir, 'python'));
    expect(interpreterProblem(path.join(dir, 'python'))).toBe(
      `the interpreter ${path.join(dir, 'python')} is a symlink to a missing file (/usr/lib/nonexistent-python3.13): a broken virtual environment`,
    );
    expect(interpreterProblem(dir)).toBe(`the interpreter ${dir} is not a file`);
  });
});
