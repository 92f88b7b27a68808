import path from 'node:path';
import tls from 'node:tls';
import { LineCounter, parseDocument } from 'yaml';
import type { z } from 'zod';
import { ConfigError } from '../../config/config-error.js';
import { readBoundedFile } from './read-bounded.js';
import { TLS_VERSIONS, webConfigSchema, type WebConfigFile } from './schema.js';
import { yamlLineOf } from './yaml-lines.js';

// A web config ready to serve with: the TLS material read, the users' hashes, the extra headers.
export interface WebConfig {
  source: string;
  tls: { cert: Buffer; key: Buffer; ca?: Buffer; requireClientCert: boolean; minVersion: tls.SecureVersion } | null;
  // user → bcrypt hash; empty: no basic auth.
  users: Record<string, string>;
  headers: Record<string, string>;
}

// Reads, validates and resolves a web config file; throws ConfigError (exit 78) with file:line and the key.
export function loadWebConfig(file: string): WebConfig {
  const text = readBoundedFile(file, 'web config').toString('utf8');
  const parsed = parseWebConfig(text, file);
  return { source: file, tls: readTls(parsed, file), users: parsed.basic_auth_users, headers: definedHeaders(parsed) };
}

// Validates the YAML text of a web config named `file`; pure. Messages: "web config FILE:LINE: KEY: …".
export function parseWebConfig(text: string, file: string): WebConfigFile {
  const counter = new LineCounter();
  const doc = parseDocument(text, { lineCounter: counter, uniqueKeys: true, prettyErrors: true });
  const [syntax] = doc.errors;
  if (syntax) {
    const line = syntax.linePos?.[0].line ?? '?';
    throw new ConfigError(`web config ${file}:${line}: not valid YAML: ${(syntax.message.split('\n')[0] ?? '').replace(/ at line \d+, column \d+:?$/, '')}`);
  }
  // An empty file is an empty config (exporter-toolkit: plain HTTP, no auth).
  const raw: unknown = doc.contents === null ? {} : doc.toJS();
  const result = webConfigSchema.safeParse(raw);
  if (result.success) return result.data;
  const problems = result.error.issues.flatMap((issue) => describe(issue, raw, (keyPath) => yamlLineOf(doc, counter, keyPath), file));
  throw new ConfigError(problems.sort((a, b) => order(a.line) - order(b.line)).map((problem) => problem.text).join('\n'));
}

type Problem = { line: number | '?'; text: string };
const order = (line: number | '?') => (line === '?' ? Infinity : line);

function describe(issue: z.core.$ZodIssue, raw: unknown, lineOf: (keyPath: (string | number)[]) => number | '?', file: string): Problem[] {
  const at = issue.path.map((part) => (typeof part === 'symbol' ? String(part) : part));
  if (issue.code === 'unrecognized_keys') {
    return issue.keys.map((key) => {
      const line = lineOf([...at, key]);
      return { line, text: `web config ${file}:${line}: unknown key "${[...at, key].join('.')}"` };
    });
  }
  const line = lineOf(at);
  const got = describeValue(at.reduce<unknown>((value, key) => (value as Record<string | number, unknown> | undefined)?.[key], raw));
  return [{ line, text: `web config ${file}:${line}: ${at.join('.') || '(top level)'}: expected ${issue.message}, got ${got}` }];
}

function describeValue(value: unknown): string {
  if (value === undefined) return 'nothing';
  if (value === null) return 'null';
  if (typeof value === 'string') return JSON.stringify(value);
  if (Array.isArray(value)) return 'a list';
  if (typeof value === 'object') return 'a mapping';
  return String(value);
}

// exporter-toolkit reads relative paths from the web config file's directory (web/tls_config.go getConfig →
// TLSConfig.SetDirectory(filepath.Dir(configPath)), prometheus/common config.JoinDir).
function readTls(parsed: WebConfigFile, file: string): WebConfig['tls'] {
  const settings = parsed.tls_server_config;
  if (!settings) return null;
  const resolve = (name: string) => path.resolve(path.dirname(file), name);
  const cert = readBoundedFile(resolve(settings.cert_file), `web config ${file}: tls_server_config.cert_file`);
  const key = readBoundedFile(resolve(settings.key_file), `web config ${file}: tls_server_config.key_file`);
  const ca = settings.client_ca_file === undefined ? undefined : readBoundedFile(resolve(settings.client_ca_file), `web config ${file}: tls_server_config.client_ca_file`);
  const minVersion = TLS_VERSIONS[settings.min_version];
  try {
    // Throws on a PEM that does not parse or a key that does not match the certificate (OpenSSL's reason).
    tls.createSecureContext({ cert, key, ca, minVersion });
  } catch (error) {
    throw new ConfigError(`web config ${file}: tls_server_config: cannot use cert_file, key_file${ca ? ', client_ca_file' : ''}: ${(error as Error).message}`);
  }
  return { cert, key, ca, requireClientCert: settings.client_auth_type === 'RequireAndVerifyClientCert', minVersion };
}

function definedHeaders(parsed: WebConfigFile): Record<string, string> {
  const headers = parsed.http_server_config?.headers ?? {};
  return Object.fromEntries(Object.entries(headers).filter((entry): entry is [string, string] => entry[1] !== undefined));
}
