import fsp from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import bcrypt from 'bcryptjs';
import { execa } from 'execa';

// A directory holding a self-signed certificate for localhost and 127.0.0.1 made by the real openssl, its key,
// and whatever web config a test writes beside them.
export interface WebFixture {
  dir: string;
  cert: string;
  key: string;
  // Writes web.yml (or `name`) into the directory and returns its path.
  writeWebConfig(yaml: string, name?: string): Promise<string>;
  cleanup(): Promise<void>;
}

// Generates a one-day self-signed certificate with `openssl req -x509` (subjectAltName for localhost, 127.0.0.1).
export async function makeWebFixture(): Promise<WebFixture> {
  const dir = await fsp.mkdtemp(path.join(os.tmpdir(), 'npu-watch-web-'));
  const cert = path.join(dir, 'cert.pem');
  const key = path.join(dir, 'key.pem');
  await execa('openssl', [
    'req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes', '-days', '1',
    '-subj', '/CN=localhost', '-addext', 'subjectAltName=DNS:localhost,IP:127.0.0.1',
    '-keyout', key, '-out', cert,
  ]);
  return {
    dir,
    cert,
    key,
    async writeWebConfig(yaml, name = 'web.yml') {
      const file = path.join(dir, name);
      await fsp.writeFile(file, yaml);
      return file;
    },
    cleanup: () => fsp.rm(dir, { recursive: true, force: true }),
  };
}

// A bcrypt hash as `htpasswd -nB` writes it ($2y$), at a low cost so the test stays quick.
export function htpasswdHash(password: string): string {
  return bcrypt.hashSync(password, 5).replace(/^\$2b\$/, '$2y$');
}

export interface CurlAnswer {
  exitCode: number | undefined;
  status: number | null;
  headers: string;
  body: string;
  stderr: string;
}

// Runs the real curl with `args` (-sS -i added) and splits its answer into status, headers and body.
export async function curl(args: string[]): Promise<CurlAnswer> {
  const result = await execa('curl', ['-sS', '-i', ...args], { reject: false, stripFinalNewline: false });
  const text = result.stdout;
  const split = text.indexOf('\r\n\r\n');
  const headers = split < 0 ? text : text.slice(0, split);
  const status = /^HTTP\/[\d.]+ (\d{3})/.exec(headers)?.[1];
  return { exitCode: result.exitCode, status: status ? Number(status) : null, headers, body: split < 0 ? '' : text.slice(split + 4), stderr: result.stderr };
}
