import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { loadConfig, parseConfig } from '../../../src/config.js';
import { findKeyLines } from '../../../src/config/key-lines.js';
import { configSchema } from '../../../src/config/schema.js';

const EXAMPLE = path.resolve(import.meta.dirname, '../../../config.example.toml');
const env = { HOME: '/home/ada' };
const text = fs.readFileSync(EXAMPLE, 'utf8');

// "# key = value": an example of a key with no default, commented out.
const EXAMPLE_LINE = /^#\s*((?:[A-Za-z0-9_-]+|"[^"]*")\s*=.*)$/;
const withExamples = text
  .split('\n')
  .map((line) => line.replace(EXAMPLE_LINE, '$1'))
  .join('\n');

// Every key path the schema accepts ("canary.timeout_seconds"); a record (device = [min, max]) counts as its table.
function schemaKeys(schema: z.core.$ZodType, prefix: string[] = []): string[] {
  let inner = schema;
  while (inner instanceof z.ZodDefault || inner instanceof z.ZodPrefault || inner instanceof z.ZodOptional || inner instanceof z.ZodNullable) {
    inner = inner.unwrap();
  }
  if (!(inner instanceof z.ZodObject)) return [prefix.join('.')];
  return Object.entries(inner.shape).flatMap(([key, value]) => schemaKeys(value as z.core.$ZodType, [...prefix, key]));
}

describe('config.example.toml', () => {
  it('is exactly the built-in defaults, read by the real loader', () => {
    expect(loadConfig(EXAMPLE, env)).toEqual({ ...loadConfig(null, env), source: EXAMPLE });
  });

  it('shows every key of the schema, set or as a commented-out example', () => {
    const keys = schemaKeys(configSchema);
    expect(keys).toContain('benchmark.model_path');
    expect(keys).toContain('expected_tokens_per_second');
    const shown = findKeyLines(withExamples);
    expect(keys.filter((key) => !shown.has(key))).toEqual([]);
  });

  it('has examples the loader accepts', () => {
    const config = parseConfig(withExamples, 'config.example.toml with its examples', env);
    expect(config.benchmark.model_path).toMatch(/^\//);
    expect(config.notify.webhook_url).toMatch(/^http:\/\//);
    expect(config.state.dir).toBe('/var/lib/npu-watch');
    expect(Object.keys(config.expected_tokens_per_second)).toContain('NPU');
  });

  it('gives each key a one-line comment right above it', () => {
    const lines = withExamples.split('\n');
    const uncommented = lines.flatMap((line, index) => {
      if (!/^[A-Za-z0-9_"-][^=]*=/.test(line)) return [];
      const above = text.split('\n')[index - 1] ?? '';
      return above.startsWith('# ') && !EXAMPLE_LINE.test(above) ? [] : [line];
    });
    expect(uncommented).toEqual([]);
  });
});
