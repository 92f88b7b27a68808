import http from 'node:http';
import https from 'node:https';
import type net from 'node:net';
import { formatAddress } from '../host/address.js';
import type { BasicLogger } from '../log.js';
import type { Registry } from 'prom-client';
import { eventsHandler, type StatusEventSource } from './events.js';
import { landingPage } from './landing-page.js';
import { cachedMetrics } from './metrics-cache.js';
import type { WebConfig } from './web-config/load.js';
import { createRequestGuard } from './web-guard.js';

// A scrape within this long of the previous one gets the same rendering (bench: /metrics under load).
const METRICS_CACHE_MS = 1000;

export interface HttpDeps {
  registry: Registry;
  // The JSON served at /status: the last results with their timestamps (never runs a probe).
  status: () => unknown;
  // Status events for /events (Server-Sent Events with replay); absent: 404.
  events?: StatusEventSource;
  log: BasicLogger;
  // The host it listens on (a loopback one turns on the Host check) and the web config (TLS, basic auth).
  listenHost?: string;
  web?: WebConfig | null;
}

// /metrics, /healthz, /status and a landing page; GET and HEAD only. A scrape only reads cached values.
// HTTPS when the web config sets TLS; every request passes the guard (Host check, basic auth) first.
export function createHttpServer(deps: HttpDeps): http.Server | https.Server {
  const events = deps.events ? eventsHandler(deps.events, deps.log) : null;
  const metrics = cachedMetrics(deps.registry, METRICS_CACHE_MS);
  const guard = createRequestGuard(deps.listenHost ?? '127.0.0.1', deps.web ?? null);
  const handler = (request: http.IncomingMessage, response: http.ServerResponse) => {
    guard(request, response).then(
      (allowed) => allowed && route(request, response),
      (error: unknown) => fail(error, request, response),
    );
  };
  const route = (request: http.IncomingMessage, response: http.ServerResponse) => {
    if (events && request.method === 'GET' && (request.url ?? '').split('?')[0] === '/events') {
      events(request, response);
      return;
    }
    handle(deps, metrics, request, response).catch((error: unknown) => fail(error, request, response));
  };
  const fail = (error: unknown, request: http.IncomingMessage, response: http.ServerResponse) => {
    deps.log.error({ err: error, url: request.url }, 'HTTP handler failed');
    if (!response.headersSent) send(response, 500, 'text/plain; charset=utf-8', 'internal error\n');
    else response.destroy();
  };
  const tls = deps.web?.tls;
  // node:https takes node:tls createSecureContext options; requestCert + rejectUnauthorized is Go's
  // tls.RequireAndVerifyClientCert (nodejs/node doc/api/tls.md, tls.createServer).
  return tls
    ? https.createServer({ cert: tls.cert, key: tls.key, ca: tls.ca, requestCert: tls.requireClientCert, rejectUnauthorized: tls.requireClientCert, minVersion: tls.minVersion }, handler)
    : http.createServer(handler);
}

async function handle(deps: HttpDeps, metrics: () => Promise<string>, request: http.IncomingMessage, response: http.ServerResponse): Promise<void> {
  const method = request.method ?? '';
  if (method !== 'GET' && method !== 'HEAD') {
    response.setHeader('Allow', 'GET, HEAD');
    send(response, 405, 'text/plain; charset=utf-8', `method ${method} not allowed; use GET\n`, method);
    return;
  }
  const pathname = (request.url ?? '/').split('?')[0];
  switch (pathname) {
    case '/metrics':
      send(response, 200, deps.registry.contentType, await metrics(), method);
      return;
    case '/healthz':
      send(response, 200, 'text/plain; charset=utf-8', 'ok\n', method);
      return;
    case '/status':
      send(response, 200, 'application/json; charset=utf-8', `${JSON.stringify(deps.status(), null, 2)}\n`, method);
      return;
    case '/':
      send(response, 200, 'text/html; charset=utf-8', landingPage(), method);
      return;
    default:
      send(response, 404, 'text/plain; charset=utf-8', `not found: ${pathname}; try /metrics or /status\n`, method);
  }
}

function send(response: http.ServerResponse, status: number, type: string, body: string, method = 'GET'): void {
  response.writeHead(status, { 'Content-Type': type, 'Content-Length': Buffer.byteLength(body) });
  response.end(method === 'HEAD' ? undefined : body);
}

// The listen address cannot be bound; the message names it and why, e.g.
// "cannot listen on 127.0.0.1:10461: address already in use".
export class ListenError extends Error {
  constructor(
    readonly address: string,
    readonly reason: string,
  ) {
    super(`cannot listen on ${address}: ${reason}`);
    this.name = 'ListenError';
  }
}

// Node's listen errors carry libuv's code (libuv include/uv.h, UV_EADDRINUSE …); these say why in words.
const LISTEN_REASONS: Record<string, string> = {
  EADDRINUSE: 'address already in use',
  EADDRNOTAVAIL: 'address not available on this machine',
  EACCES: 'permission denied',
};

// Listens and resolves with the bound address; rejects with a ListenError on failure.
export function listen(server: net.Server, host: string, port: number): Promise<{ host: string; port: number }> {
  return new Promise((resolve, reject) => {
    const onError = (error: NodeJS.ErrnoException) => {
      reject(new ListenError(formatAddress(host, port), LISTEN_REASONS[error.code ?? ''] ?? error.message));
    };
    server.once('error', onError);
    server.listen(port, host, () => {
      server.off('error', onError);
      const address = server.address();
      resolve({ host, port: typeof address === 'object' && address ? address.port : port });
    });
  });
}
