import fs from 'node:fs';
import fsp from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { execa } from 'execa';
import { describe, expect, it } from 'vitest';
import { CLI, REPO, runCli } from '../helpers/cli.js';

const COMMANDS = ['run', 'check', 'status', 'report', 'notify', 'try-openvino'];

describe('npu-watch help', () => {
  it('`help`, `--help` and `-h` print every command on stdout and exit 0', async () => {
    const results = await Promise.all([runCli(['help']), runCli(['--help']), runCli(['-h'])]);
    for (const result of results) {
      expect(result).toMatchObject({ exitCode: 0, stderr: '' });
      expect(result.stdout).toBe(results[0]!.stdout);
    }
    const text = results[0]!.stdout;
    expect(text.startsWith('usage: npu-watch <command> [options]\n')).toBe(true);
    for (const command of [...COMMANDS, 'help [COMMAND]']) expect(text).toMatch(new RegExp(`^ {2}${command.replace(/[[\]]/g, '\\$&')} `, 'm'));
    for (const flag of ['--config FILE', '--log-level LEVEL', '--version']) expect(text).toContain(flag);
  });

  for (const command of COMMANDS) {
    it(`\`help ${command}\` and \`${command} --help\` print its flags and exit codes`, async () => {
      const [help, flag] = await Promise.all([runCli(['help', command]), runCli([command, '--help'])]);
      expect(help).toMatchObject({ exitCode: 0, stderr: '' });
      expect(flag).toEqual(help);
      expect(help.stdout.startsWith(`usage: npu-watch ${command} `)).toBe(true);
      expect(help.stdout).toMatch(/^options:\n {2}/m);
      expect(help.stdout).toMatch(/^exit codes:\n {2}0 +\S/m);
      expect(help.stdout).toMatch(/^ {2}2 +usage error$/m);
      expect(help.stdout).toMatch(/^ {2}78 +invalid config/m);
    });
  }

  it("each command's usage names the flags it accepts, and a flag of another command is refused", async () => {
    expect((await runCli(['help', 'run'])).stdout).toMatch(/^ {2}--listen ADDR +/m);
    expect((await runCli(['help', 'check'])).stdout).toMatch(/^ {2}--device D +/m);
    expect((await runCli(['help', 'status'])).stdout).toMatch(/^ {2}3 +no daemon answered/m);
    const refused = await runCli(['check', '--listen', '127.0.0.1:1']);
    expect(refused.exitCode).toBe(2);
    expect(refused.stderr).toBe(`npu-watch: option --listen does not apply to check\n\n${(await runCli(['help'])).stdout}`.trimEnd());
  });

  it('report: its flags in its usage, and a combination that makes no sense refused with the reason', async () => {
    const help = (await runCli(['help', 'report'])).stdout;
    for (const flag of ['--format F', '--output FILE', '--check', '--url U', '--bug', '--device D']) expect(help).toMatch(new RegExp(`^ {2}${flag} +\\S`, 'm'));
    expect(help).toMatch(/^ {2}3 +no daemon answered/m);
    const usage = (await runCli(['help'])).stdout;
    for (const [argv, message] of [
      [['report', '--format', 'pdf'], '--format "pdf": expected markdown or html'],
      [['report', '--device', 'NPU'], '--device applies to report only with --bug (the page shows every device)'],
      [['report', '--bug', '--device', 'NPU', '--device', 'GPU'], '--bug reports on one device: give --device once'],
      [['report', '--bug', '--format', 'html'], '--format does not apply to --bug (a bug report is Markdown text to paste)'],
      [['report', '--bug', '--device', 'TPU!'], '--device "TPU!" is not an OpenVINO device name (NPU, GPU, CPU, or e.g. GPU.1)'],
      [['report', '--check', '--url', 'http://127.0.0.1:1'], '--url and --check exclude each other: --check runs a fresh pass here instead of asking a daemon'],
      [['report', '--output', ''], '--output needs a file name'],
      [['check', '--bug'], 'option --bug does not apply to check'],
    ] as const) {
      const result = await runCli([...argv]);
      expect(result).toMatchObject({ exitCode: 2, stdout: '', stderr: `npu-watch: ${message}\n\n${usage}`.trimEnd() });
    }
  });

  it('try-openvino: its flags in its usage, and a bad or missing choice refused with the reason', async () => {
    const help = (await runCli(['help', 'try-openvino'])).stdout;
    for (const flag of ['--kind K', '--versions LIST', '--latest N', '--pre', '--clean']) expect(help).toMatch(new RegExp(`^ {2}${flag} +\\S`, 'm'));
    expect(help).toMatch(/NPU_WATCH_PIP_INSTALL_ARGS/);
    const usage = (await runCli(['help'])).stdout;
    for (const [argv, message] of [
      [['try-openvino'], 'try-openvino needs --versions LIST or --latest N (or --clean)'],
      [['try-openvino', '--kind', 'conda', '--latest', '1'], '--kind "conda": expected python or node'],
      [['try-openvino', '--versions', '2025.1.0,latest'], '--versions "2025.1.0,latest": "latest" is not a version (e.g. 2025.2.0)'],
      [['try-openvino', '--versions', '2025.1.0,'], '--versions "2025.1.0,": "" is not a version (e.g. 2025.2.0)'],
      [['try-openvino', '--versions', '2025.1.0', '--latest', '2'], '--versions and --latest exclude each other: give one'],
      [['try-openvino', '--latest', '0'], '--latest "0": expected a whole number from 1 to 10'],
      [['try-openvino', '--latest', 'three'], '--latest "three": expected a whole number from 1 to 10'],
      [['try-openvino', '--versions', '2025.1.0', '--pre'], '--pre applies only with --latest (--versions names each version itself)'],
      [['try-openvino', '--clean', '--versions', '2025.1.0'], '--clean removes the environments and exits: give it without --versions, --latest or --pre'],
      [['try-openvino', '--latest', '1', '--device', 'NPU'], 'option --device does not apply to try-openvino'],
      [['check', '--versions', '2025.1.0'], 'option --versions does not apply to check'],
    ] as const) {
      const result = await runCli([...argv]);
      expect(result).toMatchObject({ exitCode: 2, stdout: '', stderr: `npu-watch: ${message}\n\n${usage}`.trimEnd() });
    }
  });

  it('report without a daemon says none answered, how to get a page anyway, and exits 3', async () => {
    const result = await runCli(['report', '--url', 'http://127.0.0.1:9']);
    expect(result.exitCode).toBe(3);
    expect(result.stdout).toBe('');
    expect(result.stderr).toMatch(/^npu-watch: no daemon answered at http:\/\/127\.0\.0\.1:9\/page\.json: .+; run "npu-watch report --check" for a page from one fresh pass$/);
  });

  it('an unknown command or flag prints the usage on stderr and exits 2', async () => {
    const usage = (await runCli(['help'])).stdout;
    for (const [argv, message] of [
      [['frobnicate'], 'unknown command "frobnicate"'],
      [['help', 'frobnicate'], 'unknown command "frobnicate"'],
      [['check', '--colour'], "Unknown option '--colour'"],
      [[], 'no command given'],
    ] as const) {
      const result = await runCli([...argv]);
      expect(result).toMatchObject({ exitCode: 2, stdout: '', stderr: `npu-watch: ${message}\n\n${usage}`.trimEnd() });
    }
  });
});

describe('npu-watch --version', () => {
  it('names the version, the git revision recorded at build time, and node, without running git', async () => {
    const pkg = JSON.parse(fs.readFileSync(path.join(REPO, 'package.json'), 'utf8')) as { version: string };
    const head = await execa('git', ['rev-parse', '--short=7', 'HEAD'], { cwd: REPO, reject: false });
    // The build records HEAD; a test run on a tree that is not a git checkout sees "unknown".
    const revision = head.exitCode === 0 ? head.stdout.trim() : 'unknown';
    // No git on PATH: the revision must come from the build, not from running git now.
    const empty = await fsp.mkdtemp(path.join(os.tmpdir(), 'npu-watch-no-git-'));
    const result = await execa(process.execPath, [CLI, '--version'], { reject: false, env: { PATH: empty, NPU_WATCH_CONFIG: '' }, extendEnv: false });
    expect(result.stderr).toBe('');
    expect(result.exitCode).toBe(0);
    expect(result.stdout).toBe(`npu-watch ${pkg.version} (revision ${revision}, node ${process.version})`);
    await fsp.rm(empty, { recursive: true });
  });
});

describe('an invalid config with several problems', () => {
  it('prints one line per problem, in file order, each starting with "npu-watch:" (the README\'s example)', async () => {
    const dir = await fsp.mkdtemp(path.join(os.tmpdir(), 'npu-watch-config-'));
    const file = path.join(dir, 'config.toml');
    await fsp.writeFile(file, '[canary]\ntimeout_seconds = "5m"\ntimout_seconds = 3\n');
    try {
      const result = await runCli(['check', '--config', file]);
      expect(result).toMatchObject({ exitCode: 78, stdout: '' });
      expect(result.stderr.split('\n')).toEqual([
        `npu-watch: config ${file}:2: canary.timeout_seconds: expected a number of seconds, got "5m"`,
        `npu-watch: config ${file}:3: unknown key "canary.timout_seconds"`,
      ]);
    } finally {
      await fsp.rm(dir, { recursive: true, force: true });
    }
  });
});
