import http from 'node:http';
import https from 'node:https';

// What the daemon answered: the status line and headers, and the body as it streams in.
export interface DaemonResponse {
  status: number;
  statusText: string;
  headers: http.IncomingHttpHeaders;
  body: http.IncomingMessage;
}

// One GET to a running npu-watch daemon through node:http (node:https for https:// URLs; user:password@ in the
// URL is sent as basic auth). Not fetch: undici refuses the WHATWG Fetch spec's "bad ports" (10080, 6000,
// 6665-6669 and more: whatwg/fetch, "port blocking"; nodejs/undici lib/web/fetch/constants.js badPorts) before
// connecting, while node:http serves and reaches every port, so every port [http] listen accepts is reachable.
// Resolves once the headers are in; `signal` aborts the request and its body.
export function requestDaemon(url: string, options: { headers?: Record<string, string>; signal?: AbortSignal } = {}): Promise<DaemonResponse> {
  const target = new URL(url);
  const client = target.protocol === 'https:' ? https : http;
  return new Promise((resolve, reject) => {
    // agent: false: one connection per request, closed with it (nothing pooled keeps a CLI process alive).
    const request = client.get(target, { headers: options.headers, signal: options.signal, agent: false }, (response) => {
      resolve({ status: response.statusCode ?? 0, statusText: response.statusMessage ?? '', headers: response.headers, body: response });
    });
    request.once('error', reject);
  });
}

// The whole body as UTF-8 text; rejects when it grows past `maxBytes` (the connection is then closed).
export async function readBody(body: http.IncomingMessage, maxBytes: number): Promise<string> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of body as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > maxBytes) {
      body.destroy();
      throw new Error(`its answer is longer than ${maxBytes} bytes`);
    }
    chunks.push(chunk);
  }
  return Buffer.concat(chunks).toString('utf8');
}
