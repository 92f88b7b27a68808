import { describe, expect, it } from 'vitest';
import { parseCommandLine, UsageError } from '../../../src/cli/args.js';

describe('parseCommandLine', () => {
  it('reads check with repeated --device, --json and --no-benchmark', () => {
    expect(parseCommandLine(['check', '--device', 'NPU', '--device', 'GPU.1', '--json', '--no-benchmark'])).toEqual({
      name: 'check',
      config: undefined,
      devices: ['NPU', 'GPU.1'],
      json: true,
      benchmark: false,
    });
  });

  it('reads run and status with --config and --url', () => {
    expect(parseCommandLine(['run', '--config', '/etc/x.toml'])).toEqual({ name: 'run', config: '/etc/x.toml' });
    expect(parseCommandLine(['status', '--url', 'http://127.0.0.1:1'])).toEqual({
      name: 'status',
      config: undefined,
      url: 'http://127.0.0.1:1',
      json: false,
    });
  });

  it('--help and --version win over everything', () => {
    expect(parseCommandLine(['check', '--help'])).toEqual({ name: 'help' });
    expect(parseCommandLine(['--version'])).toEqual({ name: 'version' });
  });

  const usageErrors: [string[], string][] = [
    [[], 'no command given'],
    [['frobnicate'], 'unknown command "frobnicate"'],
    [['check', 'extra'], 'unexpected argument "extra" for check'],
    [['run', '--json'], 'option --json does not apply to run'],
    [['check', '--device', 'TPU'], '--device "TPU" is not an OpenVINO device name (NPU, GPU, CPU, or e.g. GPU.1)'],
    [['check', '--colour'], "Unknown option '--colour'"],
    [['check', '--device'], "Option '--device <value>' argument missing"],
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
