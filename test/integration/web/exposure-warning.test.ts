import { execa, type ResultPromise } from 'execa';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CLI, pathEnv, writeFixtureConfig } from '../../helpers/cli.js';
import { materializeHost, type MaterializedHost } from '../../helpers/host-fixture.js';
import { htpasswdHash, makeWebFixture, type WebFixture } from './web-fixture.js';

// Binding every address is done inside a network namespace of its own (`unshare -rn`, util-linux unshare(1)):
// the daemon really binds 0.0.0.0 or [::], and nothing outside this test can reach it.
async function logUntilServing(config: string, bin: string): Promise<Record<string, unknown>[]> {
  const child: ResultPromise = execa('unshare', ['-rn', process.execPath, CLI, 'run', '--config', config], {
    reject: false,
    env: { ...pathEnv(bin), NPU_WATCH_CONFIG: '' },
  });
  let text = '';
  const lines = () => text.split('\n').filter((line) => line.startsWith('{')).map((line) => JSON.parse(line) as Record<string, unknown>);
  try {
    await new Promise<void>((resolve, reject) => {
      child.stdout?.on('data', (chunk: Buffer) => {
        text += chunk.toString();
        // The "serving" line is the sentinel: the warning, if any, is logged before it.
        if (lines().some((line) => typeof line.url === 'string')) resolve();
      });
      void child.then((result) => reject(new Error(`daemon exited ${result.exitCode}: ${result.stderr}\n${text}`)));
    });
  } finally {
    child.kill('SIGTERM');
    await child;
  }
  // Up to the sentinel: what follows (probes, the canary skipped at stop) is not about the bind.
  const all = lines();
  return all.slice(0, all.findIndex((line) => typeof line.url === 'string') + 1);
}

const WARNING = /^listening on (0\.0\.0\.0|::), which other machines can reach, without TLS or basic auth: anyone there can read \/status and \/metrics; set \[http\] web_config \(TLS, basic_auth_users\) or listen on 127\.0\.0\.1$/;

describe('a non-loopback bind', () => {
  let host: MaterializedHost;
  let web: WebFixture;
  beforeAll(async () => {
    host = await materializeHost('no-npu');
    web = await makeWebFixture();
  });
  afterAll(async () => {
    await web?.cleanup();
    await host?.cleanup();
  });

  it.each(['0.0.0.0:0', '[::]:0'])('%s without a web config: one warning line at startup', async (listen) => {
    const config = await writeFixtureConfig(host.paths, `\n[http]\nlisten = "${listen}"\n`);
    const warnings = (await logUntilServing(config, host.bin)).filter((line) => line.level === 'warn');
    expect(warnings).toHaveLength(1);
    expect(warnings[0]?.msg).toMatch(WARNING);
  });

  it('0.0.0.0 with basic_auth_users (or TLS) in the web config: no warning', async () => {
    for (const yaml of [`basic_auth_users:\n  admin: "${htpasswdHash('pw')}"\n`, `tls_server_config:\n  cert_file: cert.pem\n  key_file: key.pem\n`]) {
      const file = await web.writeWebConfig(yaml);
      const config = await writeFixtureConfig(host.paths, `\n[http]\nlisten = "0.0.0.0:0"\nweb_config = "${file}"\n`);
      const lines = await logUntilServing(config, host.bin);
      expect(lines.filter((line) => line.level === 'warn')).toEqual([]);
    }
  });

  it('0.0.0.0 with a web config that sets only headers: still the warning', async () => {
    const file = await web.writeWebConfig(`http_server_config:\n  headers:\n    X-Frame-Options: deny\n`);
    const config = await writeFixtureConfig(host.paths, `\n[http]\nlisten = "0.0.0.0:0"\nweb_config = "${file}"\n`);
    const warnings = (await logUntilServing(config, host.bin)).filter((line) => line.level === 'warn');
    expect(warnings.map((line) => line.msg)).toEqual([expect.stringMatching(WARNING)]);
  });
});
