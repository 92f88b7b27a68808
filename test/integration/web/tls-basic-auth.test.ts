import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli, startDaemon, writeFixtureConfig, type RunningDaemon } from '../../helpers/cli.js';
import { materializeHost, type MaterializedHost } from '../../helpers/host-fixture.js';
import { curl, htpasswdHash, makeWebFixture, type WebFixture } from './web-fixture.js';

// The daemon with an exporter-toolkit web config: TLS from a real openssl certificate, basic auth from a
// bcrypt hash, checked with the real curl.
describe('web config: TLS and basic auth', () => {
  let host: MaterializedHost;
  let web: WebFixture;
  let daemon: RunningDaemon;
  let port: string;
  beforeAll(async () => {
    host = await materializeHost('no-npu');
    web = await makeWebFixture();
    // Relative paths: read from the web config's directory, as exporter-toolkit does.
    const file = await web.writeWebConfig(
      `tls_server_config:\n  cert_file: cert.pem\n  key_file: key.pem\nbasic_auth_users:\n  prometheus: "${htpasswdHash('s3cret:with colon')}"\n` +
        'http_server_config:\n  headers:\n    X-Frame-Options: deny\n    X-Content-Type-Options: nosniff\n',
    );
    const config = await writeFixtureConfig(host.paths, `\n[http]\nlisten = "127.0.0.1:0"\nweb_config = "${file}"\n`);
    daemon = await startDaemon(config, { bin: host.bin });
    port = new URL(daemon.url).port;
  });
  afterAll(async () => {
    await daemon?.stop();
    await web?.cleanup();
    await host?.cleanup();
  });

  const https = (pathname: string) => `https://127.0.0.1:${port}${pathname}`;

  it('logs an https URL', () => {
    expect(daemon.url).toBe(`https://127.0.0.1:${port}`);
  });

  it('good credentials over TLS (curl --cacert): 200 and the report', async () => {
    const answer = await curl(['--cacert', web.cert, '-u', 'prometheus:s3cret:with colon', https('/status')]);
    expect(answer.status).toBe(200);
    expect(JSON.parse(answer.body)).toHaveProperty('devices');
    const metrics = await curl(['--cacert', web.cert, '-u', 'prometheus:s3cret:with colon', https('/metrics')]);
    expect(metrics.status).toBe(200);
    expect(metrics.body).toContain('npuwatch_build_info');
    // http_server_config.headers on every answer.
    expect(metrics.headers).toMatch(/^X-Frame-Options: deny\r?$/im);
    expect(metrics.headers).toMatch(/^X-Content-Type-Options: nosniff\r?$/im);
  });

  it('a wrong password, an unknown user, no credentials: 401 with WWW-Authenticate: Basic, no report', async () => {
    for (const auth of [['-u', 'prometheus:wrong'], ['-u', 'nobody:s3cret:with colon'], []]) {
      const answer = await curl(['--cacert', web.cert, ...auth, https('/status')]);
      expect({ auth, status: answer.status }).toEqual({ auth, status: 401 });
      expect(answer.headers).toMatch(/^WWW-Authenticate: Basic\r?$/im);
      expect(answer.body).toBe('unauthorized: basic auth credentials missing or wrong\n');
      expect(answer.headers).toMatch(/^X-Frame-Options: deny\r?$/im);
    }
    // /events is guarded the same way (it is routed before the other paths).
    const events = await curl(['--cacert', web.cert, https('/events')]);
    expect(events.status).toBe(401);
  });

  it('without the CA, curl refuses the self-signed certificate', async () => {
    const answer = await curl(['-u', 'prometheus:s3cret:with colon', https('/status')]);
    expect(answer.status).toBeNull();
    expect(answer.exitCode).toBe(60);
  });

  it('npu-watch status (which sends no credentials): exit 3 and a line saying to use curl -u', async () => {
    const result = await runCli(['status', '--url', daemon.url], { env: { NODE_EXTRA_CA_CERTS: web.cert } });
    expect(result).toEqual({
      exitCode: 3,
      stdout: '',
      stderr: `npu-watch: the daemon at ${daemon.url}/status asks for basic auth (basic_auth_users in its web config); status sends no credentials: use curl -u USER ${daemon.url}/status`,
      seen: [],
    });
  });

  it('plain HTTP to the TLS port gets no answer from npu-watch', async () => {
    const answer = await curl([`http://127.0.0.1:${port}/status`]);
    expect(answer.exitCode).not.toBe(0);
    expect(answer.body).not.toContain('devices');
    // The daemon still serves TLS afterwards.
    expect((await curl(['--cacert', web.cert, '-u', 'prometheus:s3cret:with colon', https('/healthz')])).status).toBe(200);
  });
});

// `npu-watch status` against a TLS daemon (no basic auth): Node trusts the CA named by NODE_EXTRA_CA_CERTS
// (nodejs/node doc/api/cli.md, NODE_EXTRA_CA_CERTS), which fetch uses too.
describe('web config: npu-watch status over TLS', () => {
  let host: MaterializedHost;
  let web: WebFixture;
  let daemon: RunningDaemon;
  beforeAll(async () => {
    host = await materializeHost('no-npu');
    web = await makeWebFixture();
    const file = await web.writeWebConfig(`tls_server_config:\n  cert_file: ${web.cert}\n  key_file: ${web.key}\n  min_version: TLS13\n`);
    const config = await writeFixtureConfig(host.paths, `\n[http]\nlisten = "127.0.0.1:0"\nweb_config = "${file}"\n`);
    daemon = await startDaemon(config, { bin: host.bin });
  });
  afterAll(async () => {
    await daemon?.stop();
    await web?.cleanup();
    await host?.cleanup();
  });

  it('with NODE_EXTRA_CA_CERTS naming the certificate: the report, exit 0', async () => {
    const result = await runCli(['status', '--json', '--url', daemon.url], { env: { NODE_EXTRA_CA_CERTS: web.cert } });
    expect(result.exitCode).toBe(0);
    expect(JSON.parse(result.stdout)).toHaveProperty('devices');
  });

  it('without it: exit 3 and a line that names the certificate problem and the way out', async () => {
    const result = await runCli(['status', '--url', daemon.url]);
    expect(result.exitCode).toBe(3);
    // Node's own words come between (Node 24 adds a hint about --use-system-ca); ours end the line.
    const line = result.stderr.split('\n');
    expect(line).toHaveLength(1);
    expect(line[0]!.startsWith(`npu-watch: no daemon answered at ${daemon.url}/status: self-signed certificate`)).toBe(true);
    expect(line[0]!.endsWith('; to trust its certificate, run with NODE_EXTRA_CA_CERTS=/path/to/ca.pem')).toBe(true);
  });

  it('min_version TLS13: a TLS 1.2 client is refused', async () => {
    const answer = await curl(['--cacert', web.cert, '--tls-max', '1.2', `${daemon.url}/healthz`]);
    expect(answer.status).toBeNull();
    expect(answer.exitCode).not.toBe(0);
    expect((await curl(['--cacert', web.cert, `${daemon.url}/healthz`])).status).toBe(200);
  });
});
