import { z } from 'zod';

// The subset of the Prometheus exporter-toolkit's web config file npu-watch serves (prometheus/exporter-toolkit
// web/tls_config.go `Config`, `TLSConfig`; docs/web-configuration.md). Keys outside it are errors, as
// exporter-toolkit's yaml.UnmarshalStrict makes them.

// A bcrypt hash as exporter-toolkit's validateUsers accepts (bcrypt.Cost): $2a$, $2b$ or $2y$, cost, 53 chars.
const bcryptHash = z
  .string({ error: 'a bcrypt hash string such as "$2y$10$…"' })
  .regex(/^\$2[aby]\$(0[4-9]|[12][0-9]|3[01])\$[./A-Za-z0-9]{53}$/, { error: 'a bcrypt hash such as "$2y$10$…" (htpasswd -nBC 10 USER)' });

const file = z.string({ error: 'a file path' }).min(1, { error: 'a non-empty file path' });

// tls.Config MinVersion names (web/tls_config.go `tlsVersions`) → Node's tls minVersion.
export const TLS_VERSIONS = { TLS10: 'TLSv1', TLS11: 'TLSv1.1', TLS12: 'TLSv1.2', TLS13: 'TLSv1.3' } as const;

const tlsServerConfig = z
  .strictObject(
    {
      cert_file: file,
      key_file: file,
      // NoClientCert (the default) or RequireAndVerifyClientCert with client_ca_file; exporter-toolkit's other
      // policies accept unverified certificates and are not offered here.
      client_auth_type: z
        .enum(['NoClientCert', 'RequireAndVerifyClientCert'], { error: '"NoClientCert" or "RequireAndVerifyClientCert"' })
        .default('NoClientCert'),
      client_ca_file: file.optional(),
      // exporter-toolkit's default minimum is TLS 1.2 (getConfig).
      min_version: z.enum(['TLS10', 'TLS11', 'TLS12', 'TLS13'], { error: 'one of "TLS10", "TLS11", "TLS12", "TLS13"' }).default('TLS12'),
    },
    { error: 'a mapping' },
  )
  .superRefine((value, ctx) => {
    const { client_auth_type: policy, client_ca_file: ca } = value;
    // web/tls_config.go ConfigToTLSConfig: "client CA's have been configured without a Client Auth Policy".
    if (ca !== undefined && policy !== 'RequireAndVerifyClientCert') {
      ctx.addIssue({ code: 'custom', path: ['client_ca_file'], message: 'client_auth_type: RequireAndVerifyClientCert beside it (a client CA without a policy)' });
    }
    if (ca === undefined && policy === 'RequireAndVerifyClientCert') {
      ctx.addIssue({ code: 'custom', path: ['client_auth_type'], message: 'a client_ca_file to verify client certificates with' });
    }
  });

// web/handler.go extraHTTPHeaders: the headers exporter-toolkit lets a user set, and their allowed values.
const headers = z.strictObject(
  {
    'Strict-Transport-Security': z.string({ error: 'a header value string' }).optional(),
    'X-Content-Type-Options': z.literal('nosniff', { error: '"nosniff"' }).optional(),
    'X-Frame-Options': z.enum(['deny', 'sameorigin'], { error: '"deny" or "sameorigin"' }).optional(),
    'X-XSS-Protection': z.string({ error: 'a header value string' }).optional(),
    'Content-Security-Policy': z.string({ error: 'a header value string' }).optional(),
  },
  { error: 'a mapping of header names to values' },
);

// The web config file as validated, defaults filled.
export const webConfigSchema = z.strictObject(
  {
    tls_server_config: tlsServerConfig.optional(),
    http_server_config: z.strictObject({ headers: headers.optional() }, { error: 'a mapping' }).optional(),
    basic_auth_users: z.record(z.string(), bcryptHash, { error: 'a mapping of user names to bcrypt hashes' }).default({}),
  },
  { error: 'a mapping of tls_server_config, http_server_config, basic_auth_users' },
);

// The parsed file, before its files are read.
export type WebConfigFile = z.output<typeof webConfigSchema>;
