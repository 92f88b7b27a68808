import path from 'node:path';
import { execa } from 'execa';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startDaemon, writeFixtureConfig, type RunningDaemon } from '../../helpers/cli.js';
import { materializeHost, type MaterializedHost } from '../../helpers/host-fixture.js';
import { curl, makeWebFixture, type WebFixture } from './web-fixture.js';

// client_auth_type: RequireAndVerifyClientCert: a client without a certificate the client CA signed gets no
// TLS session at all. The client's certificate is self-signed, so it is its own client CA here.
describe('web config: client certificates', () => {
  let host: MaterializedHost;
  let web: WebFixture;
  let daemon: RunningDaemon;
  let client: { cert: string; key: string };
  beforeAll(async () => {
    host = await materializeHost('no-npu');
    web = await makeWebFixture();
    client = { cert: path.join(web.dir, 'client.pem'), key: path.join(web.dir, 'client-key.pem') };
    await execa('openssl', [
      'req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes', '-days', '1',
      '-subj', '/CN=prometheus', '-addext', 'extendedKeyUsage=clientAuth', '-keyout', client.key, '-out', client.cert,
    ]);
    const file = await web.writeWebConfig(
      'tls_server_config:\n  cert_file: cert.pem\n  key_file: key.pem\n  client_auth_type: RequireAndVerifyClientCert\n  client_ca_file: client.pem\n',
    );
    const config = await writeFixtureConfig(host.paths, `\n[http]\nlisten = "127.0.0.1:0"\nweb_config = "${file}"\n`);
    daemon = await startDaemon(config, { bin: host.bin });
  });
  afterAll(async () => {
    await daemon?.stop();
    await web?.cleanup();
    await host?.cleanup();
  });

  it('with the client certificate: 200', async () => {
    const answer = await curl(['--cacert', web.cert, '--cert', client.cert, '--key', client.key, `${daemon.url}/healthz`]);
    expect(answer.status).toBe(200);
  });

  it('without one, or with the server certificate instead: no answer', async () => {
    for (const extra of [[], ['--cert', web.cert, '--key', web.key]]) {
      const answer = await curl(['--cacert', web.cert, ...extra, `${daemon.url}/healthz`]);
      expect({ extra, status: answer.status }).toEqual({ extra, status: null });
      expect(answer.exitCode).not.toBe(0);
    }
  });
});
