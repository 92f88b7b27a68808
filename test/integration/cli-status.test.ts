import http from 'node:http';
import type net from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../helpers/cli.js';

// A web server that is not npu-watch: /status is 404 here, /json/status answers JSON of another shape, and
// /html/status an HTML page.
function otherServer(): http.Server {
  return http.createServer((request, response) => {
    if (request.url === '/json/status') {
      response.writeHead(200, { 'Content-Type': 'application/json' }).end('{"status":"green","uptime":12}');
    } else if (request.url === '/html/status') {
      response.writeHead(200, { 'Content-Type': 'text/html' }).end('<!doctype html><title>status</title>');
    } else {
      response.writeHead(404, { 'Content-Type': 'text/plain' }).end('not found');
    }
  });
}

describe('npu-watch status --url', () => {
  let server: http.Server;
  let base: string;
  beforeAll(async () => {
    server = otherServer();
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    base = `http://127.0.0.1:${(server.address() as net.AddressInfo).port}`;
  });
  afterAll(() => new Promise((resolve) => server?.close(resolve)));

  it('an invalid URL or another scheme is a usage error: the reason, the usage, exit 2', async () => {
    const usage = (await runCli(['help'])).stdout;
    for (const url of ['127.0.0.1:10461', 'ftp://127.0.0.1/', 'http://']) {
      const result = await runCli(['status', '--url', url]);
      expect(result).toMatchObject({ exitCode: 2, stdout: '', stderr: `npu-watch: --url "${url}" is not an http:// or https:// URL\n\n${usage}`.trimEnd() });
    }
  });

  it('a server that answers 404 is named as not an npu-watch daemon, exit 3', async () => {
    const result = await runCli(['status', '--url', base]);
    expect(result).toMatchObject({
      exitCode: 3,
      stdout: '',
      stderr: `npu-watch: a server answered at ${base}/status, but it is not an npu-watch daemon (HTTP 404 Not Found)`,
    });
  });

  it('a server that answers 200 with something else is named the same way, with what was wrong', async () => {
    const json = await runCli(['status', '--json', '--url', `${base}/json`]);
    expect(json).toMatchObject({
      exitCode: 3,
      stdout: '',
      stderr: `npu-watch: a server answered at ${base}/json/status, but it is not an npu-watch daemon (its JSON is not npu-watch's /status report)`,
    });
    const html = await runCli(['status', '--url', `${base}/html/`]);
    expect(html).toMatchObject({
      exitCode: 3,
      stdout: '',
      stderr: `npu-watch: a server answered at ${base}/html/status, but it is not an npu-watch daemon (its answer is not JSON)`,
    });
  });
});
