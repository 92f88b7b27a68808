import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ConfigError } from '../../../src/config.js';
import { parseWebConfig } from '../../../src/http/web-config/load.js';

const FIXTURES = path.resolve(import.meta.dirname, '../../fixtures/web');
const read = (name: string) => fs.readFileSync(path.join(FIXTURES, name), 'utf8');

// One broken file per rule, each mapped to its exact message (blackbox_exporter's config/testdata/invalid-*.yml).
const INVALID: Record<string, string> = {
  'invalid-unknown-top-key.yml': 'web config invalid-unknown-top-key.yml:2: unknown key "basic_auth_user"',
  'invalid-unknown-tls-key.yml': 'web config invalid-unknown-tls-key.yml:4: unknown key "tls_server_config.cert"',
  'invalid-plaintext-password.yml':
    'web config invalid-plaintext-password.yml:2: basic_auth_users.admin: expected a bcrypt hash such as "$2y$10$…" (htpasswd -nBC 10 USER), got "secret"',
  'invalid-missing-key-file.yml': 'web config invalid-missing-key-file.yml:1: tls_server_config.key_file: expected a file path, got nothing',
  'invalid-ca-without-policy.yml':
    'web config invalid-ca-without-policy.yml:4: tls_server_config.client_ca_file: expected client_auth_type: RequireAndVerifyClientCert beside it (a client CA without a policy), got "ca.pem"',
  'invalid-policy-without-ca.yml':
    'web config invalid-policy-without-ca.yml:4: tls_server_config.client_auth_type: expected a client_ca_file to verify client certificates with, got "RequireAndVerifyClientCert"',
  'invalid-client-auth-type.yml':
    'web config invalid-client-auth-type.yml:4: tls_server_config.client_auth_type: expected "NoClientCert" or "RequireAndVerifyClientCert", got "RequireAnyClientCert"',
  'invalid-min-version.yml':
    'web config invalid-min-version.yml:4: tls_server_config.min_version: expected one of "TLS10", "TLS11", "TLS12", "TLS13", got "TLS1.2"',
  'invalid-headers.yml': [
    'web config invalid-headers.yml:3: http_server_config.headers.X-Frame-Options: expected "deny" or "sameorigin", got "allow"',
    'web config invalid-headers.yml:4: unknown key "http_server_config.headers.Server"',
  ].join('\n'),
  'invalid-duplicate-key.yml': 'web config invalid-duplicate-key.yml:3: not valid YAML: Map keys must be unique',
  'invalid-tls-list.yml': 'web config invalid-tls-list.yml:1: tls_server_config: expected a mapping, got a list',
};

describe('parseWebConfig', () => {
  it('every invalid-*.yml fixture has its message here', () => {
    expect(fs.readdirSync(FIXTURES).filter((name) => name.startsWith('invalid-')).sort()).toEqual(Object.keys(INVALID).sort());
  });

  it.each(Object.entries(INVALID))('%s: a ConfigError (exit 78) naming line and key', (name, message) => {
    let error: unknown;
    try {
      parseWebConfig(read(name), name);
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(ConfigError);
    expect((error as ConfigError).exitCode).toBe(78);
    expect((error as ConfigError).message).toBe(message);
  });

  it('valid files: defaults filled as exporter-toolkit fills them (NoClientCert, TLS12), paths kept as written', () => {
    expect(parseWebConfig(read('valid-tls.yml'), 'valid-tls.yml')).toEqual({
      tls_server_config: {
        cert_file: 'cert.pem',
        key_file: '/etc/npu-watch/key.pem',
        client_auth_type: 'RequireAndVerifyClientCert',
        client_ca_file: 'ca.pem',
        min_version: 'TLS12',
      },
      http_server_config: { headers: { 'X-Content-Type-Options': 'nosniff' } },
      basic_auth_users: {},
    });
    expect(parseWebConfig(read('valid-users.yml'), 'valid-users.yml').basic_auth_users).toEqual({
      admin: '$2y$05$abcdefghijklmnopqrstuuJ1Hc0/6e6qv8LEm0yJp.W8jvh7.9kPy',
    });
  });

  it('an empty file is an empty config: plain HTTP, no users', () => {
    expect(parseWebConfig('', 'empty.yml')).toEqual({ basic_auth_users: {} });
    expect(parseWebConfig('# nothing yet\n', 'comment.yml')).toEqual({ basic_auth_users: {} });
  });
});
