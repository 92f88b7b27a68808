import { describe, expect, it } from 'vitest';
import { parseCommandLine, UsageError } from '../../../src/cli/args.js';

describe('parseCommandLine', () => {
  it('reads check with repeated --device, --json and --no-benchmark', () => {
    expect(parseCommandLine(['check', '--device', 'NPU', '--device', 'GPU.1', '--json', '--no-benchmark'])).toEqual({
      name: 'check',
      config: undefined,
      logLevel: undefined,
      devices: ['NPU', 'GPU.1'],
      json: true,
      benchmark: false,
    });
  });

  it('reads run and status with --config and --url', () => {
    expect(parseCommandLine(['run', '--config', '/etc/x.toml'])).toEqual({ name: 'run', config: '/etc/x.toml', logLevel: undefined, listen: undefined });
    expect(parseCommandLine(['status', '--url', 'http://127.0.0.1:1'])).toEqual({
      name: 'status',
      config: undefined,
      logLevel: undefined,
      url: 'http://127.0.0.1:1',
      json: false,
    });
  });

  it('reads --listen as the config key would, and --log-level for any command', () => {
    expect(parseCommandLine(['run', '--listen', '[::1]:9000', '--log-level', 'debug'])).toMatchObject({ listen: { host: '::1', port: 9000 }, logLevel: 'debug' });
    expect(parseCommandLine(['notify', '--log-level', 'warn'])).toMatchObject({ name: 'notify', logLevel: 'warn' });
    expect(parseCommandLine(['check', '--log-level', 'info'])).toMatchObject({ name: 'check', logLevel: 'info' });
  });

  it('help: every command, or one; --help asks for the command it follows; --version wins', () => {
    expect(parseCommandLine(['help'])).toEqual({ name: 'help' });
    expect(parseCommandLine(['--help'])).toEqual({ name: 'help' });
    expect(parseCommandLine(['help', 'status'])).toEqual({ name: 'help', topic: 'status' });
    expect(parseCommandLine(['check', '--help'])).toEqual({ name: 'help', topic: 'check' });
    expect(parseCommandLine(['run', '--json', '-h'])).toEqual({ name: 'help', topic: 'run' });
    expect(parseCommandLine(['check', '--version'])).toEqual({ name: 'version' });
  });

  const usageErrors: [string[], string][] = [
    [[], 'no command given'],
    [['frobnicate'], 'unknown command "frobnicate"'],
    [['frobnicate', '--help'], 'unknown command "frobnicate"'],
    [['help', 'frobnicate'], 'unknown command "frobnicate"'],
    [['help', 'check', 'run'], 'unexpected argument "run" for help'],
    [['help', '--json'], 'option --json does not apply to help'],
    [['check', 'extra'], 'unexpected argument "extra" for check'],
    [['run', '--json'], 'option --json does not apply to run'],
    [['check', '--listen', '127.0.0.1:1'], 'option --listen does not apply to check'],
    [['check', '--device', 'TPU'], '--device "TPU" is not an OpenVINO device name (NPU, GPU, CPU, or e.g. GPU.1)'],
    [['check', '--colour'], "Unknown option '--colour'"],
    [['check', '--device'], "Option '--device <value>' argument missing"],
    [['run', '--listen', 'localhost'], '--listen "localhost": expected a "host:port" address such as "127.0.0.1:10461"'],
    [['run', '--listen', '127.0.0.1:70000'], '--listen "127.0.0.1:70000": expected a "host:port" address such as "127.0.0.1:10461"'],
    [['status', '--log-level', 'verbose'], '--log-level "verbose": expected one of "debug", "info", "warn", "error"'],
    [['status', '--url', 'localhost:10461'], '--url "localhost:10461" is not an http:// or https:// URL'],
    [['status', '--url', 'ftp://example.invalid/'], '--url "ftp://example.invalid/" is not an http:// or https:// URL'],
    [['status', '--url', 'http://'], '--url "http://" is not an http:// or https:// URL'],
    [['notify', '--url', 'file:///tmp/x'], '--url "file:///tmp/x" is not an http:// or https:// URL'],
  ];
  for (const [argv, message] of usageErrors) {
    it(`rejects ${JSON.stringify(argv)}`, () => {
      let caught: unknown;
      try {
        parseCommandLine(argv);
      } catch (error) {
        caught = error;
      }
      expect(caught).toBeInstanceOf(UsageError);
      expect((caught as UsageError).exitCode).toBe(2);
      expect((caught as UsageError).message).toBe(message);
    });
  }
});
