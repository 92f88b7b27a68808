import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import fsp from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startDaemon } from '../../helpers/cli.js';
import { materializeHost, type MaterializedHost } from '../../helpers/host-fixture.js';
import { configWithStateDir, startOrRefuse } from './daemon-start.js';

// The state dir is checked before the daemon serves: one line and exit 73 (cannot create or write) or 78 (the
// configured path is not a directory), never a daemon that serves and persists nothing, never a hang.
describe('the state dir at start', () => {
  let host: MaterializedHost;
  let scratch: string;
  beforeAll(async () => {
    host = await materializeHost('no-npu');
    scratch = await fsp.mkdtemp(path.join(os.tmpdir(), 'npu-watch-state-test-'));
  });
  afterAll(async () => {
    await host.cleanup();
    await fsp.rm(scratch, { recursive: true, force: true });
  });

  it('a path through a regular file: exit 78, one line naming the state dir', async () => {
    const file = path.join(scratch, 'a-file');
    await fsp.writeFile(file, 'in the way\n');
    const outcome = await startOrRefuse(['--config', await configWithStateDir(host.paths, path.join(file, 'state'))]);
    expect(outcome).toMatchObject({ refused: true, exitCode: 78 });
    if (!outcome.refused) return;
    expect(outcome.stderr.trim().split('\n')).toEqual([expect.stringMatching(/^npu-watch: state dir .*a-file\/state: .*not a directory/)]);
  });

  it('an existing directory root cannot write in (/proc/self/fdinfo): exit 73, one line', async () => {
    const outcome = await startOrRefuse(['--config', await configWithStateDir(host.paths, '/proc/self/fdinfo')]);
    expect(outcome).toMatchObject({ refused: true, exitCode: 73 });
    if (!outcome.refused) return;
    expect(outcome.stderr.trim().split('\n')).toEqual([expect.stringMatching(/^npu-watch: state dir \/proc\/self\/fdinfo: cannot write in it/)]);
  });

  it('a state dir to create under /proc (where recursive mkdir loops): exit 73, no hang', async () => {
    const outcome = await startOrRefuse(['--config', await configWithStateDir(host.paths, '/proc/npu-watch-test/state')]);
    expect(outcome).toMatchObject({ refused: true, exitCode: 73 });
    if (!outcome.refused) return;
    expect(outcome.stderr.trim().split('\n')).toEqual([expect.stringMatching(/^npu-watch: state dir \/proc\/npu-watch-test\/state: cannot create \/proc\/npu-watch-test \(ENOENT\)/)]);
  });

  it('temp files of interrupted saves are removed at start; files that are not ours stay', async () => {
    const state = path.join(scratch, 'leftovers');
    await fsp.mkdir(state);
    const ours = ['.status.json.4242.0badcafe.tmp', '.notify-last-id.17.deadbeef.tmp'];
    const notOurs = ['.status.json.keep.tmp', 'notes.tmp', '.other.json.4242.0badcafe.tmp'];
    for (const name of [...ours, ...notOurs]) await fsp.writeFile(path.join(state, name), 'x');
    const daemon = await startDaemon(await configWithStateDir(host.paths, state));
    expect(await daemon.stop()).toMatchObject({ exitCode: 0 });
    const left = await fsp.readdir(state);
    for (const name of ours) expect(left).not.toContain(name);
    for (const name of notOurs) expect(left).toContain(name);
  });

  it('a FIFO at status.json: moved aside with a warning, the daemon serves and SIGTERM ends it', async () => {
    const state = path.join(scratch, 'fifo');
    await fsp.mkdir(state);
    execFileSync('mkfifo', [path.join(state, 'status.json')]);
    const outcome = await startOrRefuse(['--config', await configWithStateDir(host.paths, state)]);
    expect(outcome).toMatchObject({ refused: false });
    if (outcome.refused) return;
    expect(outcome.stdout).toMatch(/status\.json is not a valid status file \(a FIFO, not a regular file\); moved it to/);
    const daemon = await startDaemon(await configWithStateDir(host.paths, state));
    expect(await daemon.stop()).toMatchObject({ exitCode: 0 });
    expect(fs.statSync(path.join(state, 'status.json')).isFile() || !fs.existsSync(path.join(state, 'status.json'))).toBe(true);
  });
});

describe('config files that are not regular files', () => {
  it('--config /dev/zero: exit 78, one line, nothing read', async () => {
    const outcome = await startOrRefuse(['--config', '/dev/zero']);
    expect(outcome).toMatchObject({ refused: true, exitCode: 78 });
    if (!outcome.refused) return;
    expect(outcome.stderr.trim().split('\n')).toEqual(['npu-watch: config /dev/zero: cannot read it: a character device, not a regular file']);
  });

  it('--config naming a FIFO: exit 78 without waiting for a writer', async () => {
    const dir = await fsp.mkdtemp(path.join(os.tmpdir(), 'npu-watch-fifo-config-'));
    const fifo = path.join(dir, 'config.toml');
    execFileSync('mkfifo', [fifo]);
    const outcome = await startOrRefuse(['--config', fifo]);
    await fsp.rm(dir, { recursive: true, force: true });
    expect(outcome).toMatchObject({ refused: true, exitCode: 78 });
  });
});
