import fs from 'node:fs';
import { parse as parseToml, TomlError } from 'smol-toml';
import type { z } from 'zod';
import { ConfigError } from './config/config-error.js';
import { builtInDefaults, DEFAULT_CONFIG_FILE, defaultCacheDir, defaultStateDir } from './config/defaults.js';
import { findKeyLines } from './config/key-lines.js';
import { configSchema, type ConfigFile } from './config/schema.js';
import type { HostPaths } from './host/paths.js';

export { ConfigError } from './config/config-error.js';

// The effective configuration: every key filled, built-in defaults under the file's values.
export interface Config {
  // Where it came from: a file path, or null for built-in defaults.
  source: string | null;
  paths: HostPaths;
  runtime: { module: string };
  canary: { devices: string[]; timeout_seconds: number; stage_timeout_seconds: number; kill_grace_seconds: number };
  benchmark: {
    // null: no benchmark (the canary still runs).
    model_path: string | null;
    prompt_token_ids: number[];
    max_new_tokens: number;
    repetitions: number;
    timeout_seconds: number;
    min_token_agreement: number;
    // OpenVINO CACHE_DIR for the benchmark's compile; null when [benchmark] cache = false.
    cache_dir: string | null;
    npu_max_prompt_len: number;
    npu_min_response_len: number;
  };
  // The benchmark is skipped (the canary still runs) on battery below this charge.
  power: { battery_min_percent: number; baseline_seconds: number };
  // Debouncing of the per-device state, and how many events /status and /events keep.
  status: { passes_to_working: number; failures_to_broken: number; history: number };
  // The decode tok/s a device should reach, e.g. { NPU: [20, 40] } for a 3B int4 model (the seed's table).
  expected_tokens_per_second: Record<string, [number, number]>;
  // desktop: notify in-process (only when the daemon runs in the user's session); webhook: JSON POST per event.
  notify: {
    desktop: boolean;
    webhook_url: string | null;
    webhook_timeout_seconds: number;
    webhook_retries: number;
    min_interval_seconds: number;
  };
  schedule: { probes: string; updates: string; canary: string };
  http: { listen: { host: string; port: number } };
  state: { dir: string };
  log: { level: 'debug' | 'info' | 'warn' | 'error' };
  commands: { timeout_seconds: number };
}

// Picks the config file: --config, then NPU_WATCH_CONFIG, then /etc/npu-watch/config.toml if it exists.
export function chooseConfigFile(flag: string | undefined, env: NodeJS.ProcessEnv, exists = fs.existsSync): string | null {
  if (flag) return flag;
  if (env.NPU_WATCH_CONFIG) return env.NPU_WATCH_CONFIG;
  return exists(DEFAULT_CONFIG_FILE) ? DEFAULT_CONFIG_FILE : null;
}

// Reads and validates the chosen file (or none); throws ConfigError with file:line: key: expected … .
export function loadConfig(file: string | null, env: NodeJS.ProcessEnv = process.env): Config {
  if (file === null) return resolveConfig({}, null, env);
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch (error) {
    throw new ConfigError(`config ${file}: cannot read it: ${(error as Error).message}`);
  }
  return parseConfig(text, file, env);
}

// Validates config text; `name` is only used in messages.
export function parseConfig(text: string, name: string, env: NodeJS.ProcessEnv = process.env): Config {
  let raw: unknown;
  try {
    raw = parseToml(text);
  } catch (error) {
    if (error instanceof TomlError) {
      const reason = error.message.split('\n')[0]?.replace(/^Invalid TOML document: /, '') ?? 'invalid TOML';
      throw new ConfigError(`config ${name}:${error.line}: not valid TOML: ${reason}`);
    }
    throw error;
  }
  const result = configSchema.safeParse(raw);
  if (!result.success) throw new ConfigError(describeIssues(result.error.issues, raw, text, name));
  const config = resolveConfig(result.data, name, env);
  const problem = benchmarkLengthProblem(config);
  if (problem) throw new ConfigError(`config ${name}:${lineOf(findKeyLines(text), problem.key.split('.'))}: ${problem.key}: ${problem.text}`);
  return config;
}

// The NPU compiles an LLM for a fixed prompt and response length (NPUW_LLM_MAX_PROMPT_LEN,
// NPUW_LLM_MIN_RESPONSE_LEN): a benchmark that does not fit would fail and look like a broken NPU.
function benchmarkLengthProblem({ benchmark: b }: Config): { key: string; text: string } | null {
  if (b.prompt_token_ids.length > b.npu_max_prompt_len) {
    return { key: 'benchmark.prompt_token_ids', text: `expected at most npu_max_prompt_len (${b.npu_max_prompt_len}) tokens, got ${b.prompt_token_ids.length}` };
  }
  if (b.max_new_tokens > b.npu_min_response_len) {
    return { key: 'benchmark.max_new_tokens', text: `expected at most npu_min_response_len (${b.npu_min_response_len}), got ${b.max_new_tokens}` };
  }
  return null;
}

function resolveConfig(file: ConfigFile, source: string | null, env: NodeJS.ProcessEnv): Config {
  const d = builtInDefaults;
  return {
    source,
    paths: { ...d.paths, ...file.paths },
    runtime: { ...d.runtime, ...file.runtime },
    canary: { ...d.canary, ...file.canary },
    benchmark: (({ cache, ...rest }) => ({ ...rest, cache_dir: cache ? defaultCacheDir(env) : null }))({ ...d.benchmark, ...file.benchmark }),
    power: { ...d.power, ...file.power },
    status: { ...d.status, ...file.status },
    expected_tokens_per_second: { ...d.expected_tokens_per_second, ...(file.expected_tokens_per_second as Record<string, [number, number]> | undefined) },
    notify: { ...d.notify, ...file.notify },
    schedule: { ...d.schedule, ...file.schedule },
    http: { ...d.http, ...file.http },
    state: { dir: file.state?.dir ?? defaultStateDir(env) },
    log: { ...d.log, ...file.log },
    commands: { ...d.commands, ...file.commands },
  };
}

function describeIssues(issues: z.core.$ZodIssue[], raw: unknown, text: string, name: string): string {
  const lines = findKeyLines(text);
  const problems: { line: number | '?'; text: string }[] = [];
  for (const issue of issues) {
    if (issue.code === 'unrecognized_keys') {
      for (const key of issue.keys) {
        const keyPath = [...issue.path.map(String), key].join('.');
        const line = lines.get(keyPath) ?? '?';
        problems.push({ line, text: `config ${name}:${line}: unknown key "${keyPath}"` });
      }
      continue;
    }
    const keyPath = issue.path.map(String);
    const shown = issue.path.map((part) => (typeof part === 'number' ? `[${part}]` : `.${String(part)}`)).join('').slice(1);
    const line = lineOf(lines, keyPath);
    const got = describeValue(valueAt(raw, keyPath));
    problems.push({ line, text: `config ${name}:${line}: ${shown}: expected ${issue.message}, got ${got}` });
  }
  // In file order, as a person reads it.
  const order = (line: number | '?') => (line === '?' ? Infinity : line);
  return problems
    .sort((a, b) => order(a.line) - order(b.line))
    .map((problem) => problem.text)
    .join('\n');
}

// The line of the deepest key path that has one (array elements share their key's line).
function lineOf(lines: Map<string, number>, keyPath: string[]): number | '?' {
  for (let i = keyPath.length; i > 0; i -= 1) {
    const line = lines.get(keyPath.slice(0, i).join('.'));
    if (line !== undefined) return line;
  }
  return '?';
}

function valueAt(raw: unknown, keyPath: string[]): unknown {
  return keyPath.reduce<unknown>((value, key) => (value as Record<string, unknown> | undefined)?.[key], raw);
}

function describeValue(value: unknown): string {
  if (value === undefined) return 'nothing';
  if (typeof value === 'string') return JSON.stringify(value);
  if (value instanceof Date) return `a date (${value.toISOString()})`;
  if (Array.isArray(value)) return JSON.stringify(value);
  if (typeof value === 'object' && value !== null) return 'a table';
  return String(value);
}
