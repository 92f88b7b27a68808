import fs from 'node:fs';
import { parse as parseToml, TomlError } from 'smol-toml';
import type { z } from 'zod';
import { ConfigError } from './config/config-error.js';
import { DEFAULT_CONFIG_FILE, resolveEnvironment, type Config } from './config/environment.js';
import { findKeyLines } from './config/key-lines.js';
import { readRegularFileSync, UnreadableFileError } from './host/regular-file.js';
import { configSchema, REPLACED_TABLES, type ConfigFile } from './config/schema.js';

export { ConfigError } from './config/config-error.js';
export type { Config } from './config/environment.js';

// Picks the config file: --config, then NPU_WATCH_CONFIG, then /etc/npu-watch/config.toml if it exists.
export function chooseConfigFile(flag: string | undefined, env: NodeJS.ProcessEnv, exists = fs.existsSync): string | null {
  if (flag) return flag;
  if (env.NPU_WATCH_CONFIG) return env.NPU_WATCH_CONFIG;
  return exists(DEFAULT_CONFIG_FILE) ? DEFAULT_CONFIG_FILE : null;
}

// The largest config file read; the example with every key is a few kB.
const MAX_CONFIG_BYTES = 1024 * 1024;

// Reads and validates the chosen file (or none); throws ConfigError with file:line: key: expected … . Only a
// regular file of at most MAX_CONFIG_BYTES is read (`--config /dev/zero` or a FIFO is refused, not read).
export function loadConfig(file: string | null, env: NodeJS.ProcessEnv = process.env): Config {
  if (file === null) return parseConfig('', null, env);
  let text: string;
  try {
    text = readRegularFileSync(file, MAX_CONFIG_BYTES);
  } catch (error) {
    if (error instanceof UnreadableFileError) throw new ConfigError(`config ${file}: cannot read it: ${error.reason}`);
    throw new ConfigError(`config ${file}: cannot read it: ${(error as Error).message}`);
  }
  return parseConfig(text, file, env);
}

// Validates config text; `source` names it in messages (null: built-in defaults, from empty text).
export function parseConfig(text: string, source: string | null, env: NodeJS.ProcessEnv = process.env): Config {
  const name = source ?? 'built-in defaults';
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
  const problem = benchmarkLengthProblem(result.data);
  if (problem) throw new ConfigError(`config ${name}:${lineOf(findKeyLines(text), problem.key.split('.'))}: ${problem.key}: ${problem.text}`);
  return resolveEnvironment(result.data, source, env);
}

// The NPU compiles an LLM for a fixed prompt and response length (NPUW_LLM_MAX_PROMPT_LEN,
// NPUW_LLM_MIN_RESPONSE_LEN): a benchmark that does not fit would fail and look like a broken NPU.
function benchmarkLengthProblem({ benchmark: b }: ConfigFile): { key: string; text: string } | null {
  if (b.prompt_token_ids.length > b.npu_max_prompt_len) {
    return { key: 'benchmark.prompt_token_ids', text: `expected at most npu_max_prompt_len (${b.npu_max_prompt_len}) tokens, got ${b.prompt_token_ids.length}` };
  }
  if (b.max_new_tokens > b.npu_min_response_len) {
    return { key: 'benchmark.max_new_tokens', text: `expected at most npu_min_response_len (${b.npu_min_response_len}), got ${b.max_new_tokens}` };
  }
  return null;
}

function describeIssues(issues: z.core.$ZodIssue[], raw: unknown, text: string, name: string): string {
  const lines = findKeyLines(text);
  const problems: { line: number | '?'; text: string }[] = [];
  for (const issue of issues) {
    if (issue.code === 'unrecognized_keys') {
      for (const key of issue.keys) {
        const keyPath = [...issue.path.map(String), key].join('.');
        const line = lines.get(keyPath) ?? '?';
        const replaced = issue.path.length === 0 ? REPLACED_TABLES[key] : undefined;
        if (replaced) {
          problems.push({ line, text: `config ${name}:${line}: ${replaced}` });
          continue;
        }
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
