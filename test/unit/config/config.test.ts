import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { chooseConfigFile, ConfigError, loadConfig, parseConfig } from '../../../src/config.js';

const dir = path.resolve(import.meta.dirname, '../../fixtures/config');
const fixture = (name: string) => path.join(dir, name);
const env = { HOME: '/home/ada' };

// One broken file per rule, each with the exact message a user reads (blackbox_exporter style).
const invalid: Record<string, string> = {
  'invalid-unknown-key.toml': ':3: unknown key "canary.timout_seconds"',
  'invalid-unknown-top-level-key.toml': ':1: unknown key "verbose"',
  'invalid-timeout-type.toml': ':2: canary.timeout_seconds: expected a number of seconds, got "5m"',
  'invalid-timeout-zero.toml': ':2: canary.timeout_seconds: expected a positive number of seconds, got 0',
  'invalid-device-name.toml':
    ':2: canary.devices[1]: expected an OpenVINO device name ("NPU", "GPU", "CPU", or e.g. "GPU.1"), got "TPU"',
  'invalid-devices-empty.toml': ':2: canary.devices: expected at least one device, got []',
  'invalid-devices-repeated.toml':
    ':2: canary.devices: expected a list without repeated devices, got ["NPU","CPU","NPU"]',
  'invalid-listen.toml': ':3: http.listen: expected a "host:port" address such as "127.0.0.1:10461", got "localhost"',
  'invalid-listen-port.toml':
    ':2: http.listen: expected a "host:port" address such as "127.0.0.1:10461", got "127.0.0.1:70000"',
  'invalid-schedule.toml':
    ':2: schedule.probes: expected a valid cron expression such as "*/5 * * * *", got "every 5 minutes"',
  'invalid-relative-path.toml': ':2: paths.sysfs: expected an absolute path, got "fixtures/sys"',
  'invalid-section-not-table.toml': ':1: paths: expected a table, got "/sys"',
  'invalid-log-level.toml': ':2: log.level: expected one of "debug", "info", "warn", "error", got "verbose"',
  'invalid-runtime-module.toml': ':4: runtimes[0].module: expected a non-empty module name or path, got ""',
  'invalid-runtime-table.toml':
    ':1: [runtime] was replaced by [[runtimes]], a list of runtimes tested side by side: write [[runtimes]] with name = "openvino-node", kind = "node" and module = (what [runtime] module said)',
  'invalid-runtimes-duplicate-name.toml': ':7: runtimes[1].name: expected a name no other runtime has, got "openvino-node"',
  'invalid-runtimes-unknown-kind.toml': ':3: runtimes[0].kind: expected "node" or "python", got "java"',
  'invalid-runtimes-python-without-interpreter.toml':
    ':1: runtimes[0].interpreter: expected an interpreter for a python runtime (e.g. "/home/me/venv/bin/python" or "python3"), got nothing',
  'invalid-runtimes-node-without-module.toml':
    ':1: runtimes[0].module: expected a module for a node runtime ("openvino-node", or the path of a side-by-side install), got nothing',
  'invalid-runtimes-name.toml': ':2: runtimes[0].name: expected a name of letters, digits, ".", "_" and "-" (at most 40, starting with a letter or digit), got "my venv"',
  'invalid-runtimes-relative-interpreter.toml':
    ':4: runtimes[0].interpreter: expected an absolute interpreter path (e.g. a venv\'s bin/python) or a command name such as "python3", got "venv/bin/python"',
  'invalid-toml-syntax.toml': ':3: not valid TOML:',
  'invalid-duplicate-key.toml': ':3: not valid TOML:',
  'invalid-benchmark-agreement.toml': ':2: benchmark.min_token_agreement: expected a fraction between 0 and 1, got 1.5',
  'invalid-benchmark-token-id.toml': ':2: benchmark.prompt_token_ids[1]: expected a token id (a non-negative integer), got -1',
  'invalid-benchmark-one-token-npu.toml':
    ':2: benchmark.prompt_token_ids: expected at least 2 token ids when canary.devices has an NPU (NPUW prefills only a prompt of 2 or more tokens), got [791]',
  'invalid-benchmark-longer-than-npu-response.toml': ':2: benchmark.max_new_tokens: expected at most npu_min_response_len (128), got 256',
  'invalid-expected-range.toml': ':2: expected_tokens_per_second.NPU: expected a [min, max] pair with 0 ≤ min ≤ max, got [40,20]',
  'invalid-webhook-url.toml': ':2: notify.webhook_url: expected an http or https URL, got "ftp://example.invalid/hook"',
  'invalid-battery-percent.toml': ':2: power.battery_min_percent: expected a percentage from 0 to 100, got 120',
  'invalid-benchmark-relative-model.toml': ':2: benchmark.model_path: expected an absolute path, got "models/qwen/openvino_model.xml"',
};

describe('invalid config files', () => {
  it('has a fixture for every rule and nothing unlisted', () => {
    const files = fs.readdirSync(dir).filter((name) => name.startsWith('invalid-'));
    expect(files.sort()).toEqual(Object.keys(invalid).sort());
  });

  for (const [name, expected] of Object.entries(invalid)) {
    it(`${name} is rejected naming the line, the key and what was expected`, () => {
      const file = fixture(name);
      let caught: unknown;
      try {
        loadConfig(file, env);
      } catch (error) {
        caught = error;
      }
      expect(caught).toBeInstanceOf(ConfigError);
      expect((caught as ConfigError).exitCode).toBe(78);
      expect((caught as ConfigError).message.startsWith(`config ${file}${expected}`)).toBe(true);
    });
  }

  it('reports every problem in a file, one per line', () => {
    const text = '[canary]\ntimeout_seconds = -1\ndevices = ["NPU", "NPU"]\n';
    expect(() => parseConfig(text, 'c.toml', env)).toThrow(
      'config c.toml:2: canary.timeout_seconds: expected a positive number of seconds, got -1\n' +
        'config c.toml:3: canary.devices: expected a list without repeated devices, got ["NPU","NPU"]',
    );
  });

  it('a one-token prompt is accepted when no NPU canary runs (only NPUW needs two)', () => {
    const config = parseConfig('[canary]\ndevices = ["CPU"]\n[benchmark]\nprompt_token_ids = [791]\n', 'c.toml', env);
    expect(config.benchmark.prompt_token_ids).toEqual([791]);
  });

  it('names a missing file as unreadable', () => {
    expect(() => loadConfig('/nonexistent/npu-watch.toml', env)).toThrow(
      /^config \/nonexistent\/npu-watch.toml: cannot read it: ENOENT/,
    );
  });
});

describe('valid config', () => {
  it('built-in defaults: localhost on the fixed port, NPU and CPU canaries, XDG state dir', () => {
    const config = loadConfig(null, env);
    expect(config.source).toBeNull();
    expect(config.http.listen).toEqual({ host: '127.0.0.1', port: 10461 });
    expect(config.canary).toEqual({ devices: ['NPU', 'CPU'], timeout_seconds: 300, stage_timeout_seconds: 180, kill_grace_seconds: 5 });
    expect(config.benchmark.model_path).toBeNull();
    expect(config.benchmark.cache_dir).toBe('/home/ada/.cache/npu-watch/openvino');
    expect(config.paths).toEqual({ sysfs: '/sys', procfs: '/proc', dev: '/dev', firmware: '/lib/firmware', etc: '/etc' });
    // No [[runtimes]]: the defaults are found at startup (canary/runtimes.ts resolveRuntimes).
    expect(config.runtimes).toBeUndefined();
    expect(config.state.dir).toBe('/home/ada/.local/state/npu-watch');
  });

  it("systemd's STATE_DIRECTORY wins over the XDG default", () => {
    expect(loadConfig(null, { ...env, STATE_DIRECTORY: '/var/lib/npu-watch' }).state.dir).toBe('/var/lib/npu-watch');
  });

  it('resolves the state and cache dirs from the environment after parsing: systemd, then XDG, then HOME', () => {
    const systemd = loadConfig(null, { ...env, STATE_DIRECTORY: '/var/lib/npu-watch:/var/lib/other', CACHE_DIRECTORY: '/var/cache/npu-watch' });
    expect([systemd.state.dir, systemd.benchmark.cache_dir]).toEqual(['/var/lib/npu-watch', '/var/cache/npu-watch/openvino']);
    const xdg = loadConfig(null, { ...env, XDG_STATE_HOME: '/x/state', XDG_CACHE_HOME: '/x/cache' });
    expect([xdg.state.dir, xdg.benchmark.cache_dir]).toEqual(['/x/state/npu-watch', '/x/cache/npu-watch/openvino']);
    // The file's [state] dir wins over the environment; [benchmark] cache = false means no cache dir at all.
    const file = parseConfig('[state]\ndir = "/srv/npu"\n[benchmark]\ncache = false\n', 'f.toml', { ...env, STATE_DIRECTORY: '/var/lib/npu-watch' });
    expect([file.state.dir, file.benchmark.cache_dir]).toEqual(['/srv/npu', null]);
    expect(file.benchmark).not.toHaveProperty('cache');
  });

  it('every key of a full file is taken', () => {
    const config = loadConfig(fixture('valid-full.toml'), env);
    expect(config).toEqual({
      source: fixture('valid-full.toml'),
      paths: { sysfs: '/host/sys', procfs: '/host/proc', dev: '/host/dev', firmware: '/host/lib/firmware', etc: '/host/etc' },
      runtimes: [
        { name: 'openvino-node', kind: 'node', module: '/opt/fake-openvino/index.js' },
        { name: 'venv-2025.1', kind: 'python', interpreter: '/home/me/venv/bin/python' },
      ],
      canary: { devices: ['NPU', 'GPU.1', 'CPU'], timeout_seconds: 90, stage_timeout_seconds: 60, kill_grace_seconds: 2 },
      benchmark: {
        model_path: '/models/qwen2.5-coder-3b-openvino/openvino_model.xml',
        prompt_token_ids: [1, 2, 3],
        max_new_tokens: 32,
        repetitions: 5,
        timeout_seconds: 600,
        min_token_agreement: 0.75,
        cache_dir: null,
        npu_max_prompt_len: 256,
        npu_min_response_len: 64,
      },
      schedule: { probes: '*/2 * * * *', updates: '0 3 * * *', canary: '*/30 * * * *' },
      watch: { debounce_seconds: 0.25 },
      http: { listen: { host: '::1', port: 9999 }, max_connections: 32 },
      state: { dir: '/var/lib/npu-watch-test' },
      log: { level: 'debug' },
      commands: { timeout_seconds: 30 },
      power: { battery_min_percent: 50, baseline_seconds: 3 },
      status: { passes_to_working: 2, failures_to_broken: 3, history: 20 },
      expected_tokens_per_second: { NPU: [20, 40], 'GPU.1': [10.5, 30] },
      notify: { desktop: true, webhook_url: 'http://127.0.0.1:8080/hook', webhook_timeout_seconds: 2, webhook_retries: 1, min_interval_seconds: 60 },
    });
  });

  it('a partial table keeps the defaults of its other keys', () => {
    const config = parseConfig('[canary]\ntimeout_seconds = 12\n', 'p.toml', env);
    expect(config.canary).toMatchObject({ devices: ['NPU', 'CPU'], timeout_seconds: 12, stage_timeout_seconds: 180 });
  });
});

describe('choosing the file', () => {
  it('--config, then NPU_WATCH_CONFIG, then /etc/npu-watch/config.toml when it exists, else defaults', () => {
    const none = () => false;
    expect(chooseConfigFile('/a.toml', { NPU_WATCH_CONFIG: '/b.toml' }, none)).toBe('/a.toml');
    expect(chooseConfigFile(undefined, { NPU_WATCH_CONFIG: '/b.toml' }, none)).toBe('/b.toml');
    expect(chooseConfigFile(undefined, {}, (file) => file === '/etc/npu-watch/config.toml')).toBe(
      '/etc/npu-watch/config.toml',
    );
    expect(chooseConfigFile(undefined, {}, none)).toBeNull();
  });
});
