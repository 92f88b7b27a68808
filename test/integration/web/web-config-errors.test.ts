import fsp from 'node:fs/promises';
import path from 'node:path';
import { execa } from 'execa';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli, writeFixtureConfig } from '../../helpers/cli.js';
import { materializeHost, type MaterializedHost } from '../../helpers/host-fixture.js';
import { makeWebFixture, type WebFixture } from './web-fixture.js';

// A web config that cannot be used stops `run` before it listens: one line per problem, exit 78 (EX_CONFIG,
// which the unit's RestartPreventExitStatus= honours), nothing on stdout, no stack trace.
describe('npu-watch run with a bad web config', () => {
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

  const run = async (webConfig: string) => {
    const config = await writeFixtureConfig(host.paths, `\n[http]\nlisten = "127.0.0.1:0"\nweb_config = "${webConfig}"\n`);
    return runCli(['run', '--config', config], { bin: host.bin });
  };

  it('an unknown key: its line and name', async () => {
    const file = await web.writeWebConfig('tls_server_config:\n  cert_file: cert.pem\n  key_file: key.pem\n  cert_path: x\n');
    expect(await run(file)).toEqual({ exitCode: 78, stdout: '', stderr: `npu-watch: web config ${file}:4: unknown key "tls_server_config.cert_path"`, seen: [] });
  });

  it('a cert_file that does not exist: the path it was resolved to (beside the web config)', async () => {
    const file = await web.writeWebConfig('tls_server_config:\n  cert_file: missing.pem\n  key_file: key.pem\n');
    const resolved = path.join(web.dir, 'missing.pem');
    expect(await run(file)).toEqual({
      exitCode: 78,
      stdout: '',
      stderr: `npu-watch: web config ${file}: tls_server_config.cert_file ${resolved}: cannot read it: no such file`,
      seen: [],
    });
  });

  it('a key that does not belong to the certificate: OpenSSL says so, in one line', async () => {
    await execa('openssl', ['genpkey', '-algorithm', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-out', path.join(web.dir, 'other.pem')]);
    const file = await web.writeWebConfig('tls_server_config:\n  cert_file: cert.pem\n  key_file: other.pem\n');
    const result = await run(file);
    expect(result.exitCode).toBe(78);
    expect(result.stderr).toMatch(new RegExp(`^npu-watch: web config ${file}: tls_server_config: cannot use cert_file, key_file: .*key values mismatch$`));
  });

  it('a web_config that is a directory or a FIFO: not a regular file (nothing blocks)', async () => {
    const fifo = path.join(web.dir, 'web.fifo');
    await execa('mkfifo', [fifo]);
    for (const target of [web.dir, fifo]) {
      expect(await run(target)).toEqual({ exitCode: 78, stdout: '', stderr: `npu-watch: web config ${target}: not a regular file`, seen: [] });
    }
  });

  it('a relative web_config path in the TOML: the TOML error, with its line', async () => {
    const config = await writeFixtureConfig(host.paths, `\n[http]\nweb_config = "web.yml"\n`);
    const result = await runCli(['run', '--config', config], { bin: host.bin });
    expect(result.exitCode).toBe(78);
    expect(result.stderr).toBe(`npu-watch: config ${config}:12: http.web_config: expected an absolute path, got "web.yml"`);
  });

  it('a 2 MiB web config: refused without reading it', async () => {
    const file = path.join(web.dir, 'huge.yml');
    await fsp.writeFile(file, Buffer.alloc(2 * 1024 * 1024, 0x23));
    expect((await run(file)).stderr).toBe(`npu-watch: web config ${file}: larger than 1048576 bytes`);
  });
});
