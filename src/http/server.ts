import http from 'node:http';
import https from 'node:https';
import type net from 'node:net';
import { formatAddress } from '../host/address.js';
import type { BasicLogger } from '../log.js';
import type { Registry } from 'prom-client';
import { eventsHandler, type StatusEventSource } from './events.js';
import { landingPage } from './landing-page.js';
import { cachedMetrics } from './metrics-cache.js';
import { parseStatusQuery, type StatusPage } from './status-query.js';
import type { WebConfig } from './web-config/load.js';
import { createRequestGuard } from './web-guard.js';

// A scrape within this long of the previous one gets the same rendering (bench: /metrics under load).
const METRICS_CACHE_MS = 1000;

export interface HttpDeps {
  registry: Registry;
  // The JSON served at /status: the last results with their timestamps and one page of status events
  // (never runs a probe).
  status: (page: StatusPage) => unknown;
  // The status page: its model as JSON at /page.json and as HTML at / (built from the last results, never running a
  // probe); absent: / is the small landing page and /page.json is 404.
  page?: { json(): Promise<unknown>; html(): Promise<string> };
  // The configured [status] history: the largest page /status serves.
  statusHistory: number;
  // [http] max_connections: connections beyond it are closed as soon as they are accepted.
  maxConnections: number;
  // Status events for /events (Server-Sent Events with replay); absent: 404.
  events?: StatusEventSource;
  log: BasicLogger;
  // The host it listens on (a loopback one turns on the Host check) and the web config (TLS, basic auth).
  listenHost?: string;
  web?: WebConfig | null;
}

// Timeouts against slow or idle clients (Node's defaults are 60 s for headers and 300 s per request, checked
// every 30 s: nodejs/node lib/_http_server.js, checkConnections / setupConnectionsTracking). Every client of
// this server is local tooling that sends its few header lines at once, so:
const HTTP_TIMEOUTS = {
  // A connection that has not sent complete headers within 10 s is answered 408 and closed; this also ends a
  // connection that never sends a byte (slowloris, idle port scans).
  headersTimeout: 10_000,
  // The whole request (GET and HEAD only, no body) within 15 s.
  requestTimeout: 15_000,
  // How often those two are checked: the longest a stalled connection outlives them.
  connectionsCheckingInterval: 1_000,
  // A keep-alive connection with no new request is closed after 5 s (Node's default, stated: Prometheus
  // scrapes every 15 s or more, so holding one open longer saves nothing and holds a descriptor).
  keepAliveTimeout: 5_000,
} as const;

// A full server logs dropped connections at most this often (with how many since the last line).
const DROP_LOG_INTERVAL_MS = 60_000;

// /metrics, /healthz, /status, /events, the status page (/ and /page.json); GET and HEAD only. A scrape only reads cached values.
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
    const method = request.method ?? '';
    if (events && (method === 'GET' || method === 'HEAD') && (request.url ?? '').split('?')[0] === '/events') {
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
  // node:https takes node:tls createSecureContext options (and node:http's server options); requestCert +
  // rejectUnauthorized is Go's tls.RequireAndVerifyClientCert (nodejs/node doc/api/tls.md, tls.createServer).
  const server = tls
    ? https.createServer(
        { ...HTTP_TIMEOUTS, cert: tls.cert, key: tls.key, ca: tls.ca, requestCert: tls.requireClientCert, rejectUnauthorized: tls.requireClientCert, minVersion: tls.minVersion },
        handler,
      )
    : http.createServer(HTTP_TIMEOUTS, handler);
  limitConnections(server, deps);
  return server;
}

// Past the cap, node:net accepts and closes each new connection and emits 'drop' (nodejs/node lib/net.js,
// onconnection, kMaxConnections). An accept that fails once listening (EMFILE when libuv's spare-descriptor trick
// runs out, ENFILE, ENOMEM) is emitted as 'error' on the server (same place); without a listener that would end
// the daemon. Listen errors before that are listen()'s to report.
function limitConnections(server: net.Server, deps: HttpDeps): void {
  server.maxConnections = deps.maxConnections;
  let dropped = 0;
  let lastDropLog = -Infinity;
  server.on('drop', () => {
    dropped += 1;
    if (performance.now() - lastDropLog < DROP_LOG_INTERVAL_MS) return;
    lastDropLog = performance.now();
    deps.log.warn({ dropped, max_connections: deps.maxConnections }, `HTTP connection limit reached (${deps.maxConnections}): closed ${dropped} new connection(s); raise [http] max_connections if these are real clients`);
    dropped = 0;
  });
  server.on('error', (error: NodeJS.ErrnoException) => {
    if (server.listening) deps.log.error({ err: error.message }, `HTTP server could not accept a connection: ${error.message}`);
  });
}

async function handle(deps: HttpDeps, metrics: () => Promise<string>, request: http.IncomingMessage, response: http.ServerResponse): Promise<void> {
  const method = request.method ?? '';
  if (method !== 'GET' && method !== 'HEAD') {
    response.setHeader('Allow', 'GET, HEAD');
    send(response, 405, 'text/plain; charset=utf-8', `method ${method} not allowed; use GET\n`, method);
    return;
  }
  const url = new URL(request.url ?? '/', 'http://localhost');
  const pathname = url.pathname;
  switch (pathname) {
    case '/metrics':
      send(response, 200, deps.registry.contentType, await metrics(), method);
      return;
    case '/healthz':
      send(response, 200, 'text/plain; charset=utf-8', 'ok\n', method);
      return;
    case '/status': {
      const page = parseStatusQuery(url.searchParams, deps.statusHistory);
      if (typeof page === 'string') send(response, 400, 'text/plain; charset=utf-8', `bad /status query: ${page}\n`, method);
      else send(response, 200, 'application/json; charset=utf-8', `${JSON.stringify(deps.status(page), null, 2)}\n`, method);
      return;
    }
    case '/':
      send(response, 200, 'text/html; charset=utf-8', deps.page ? await deps.page.html() : landingPage(), method);
      return;
    case '/page.json':
      if (deps.page) send(response, 200, 'application/json; charset=utf-8', `${JSON.stringify(await deps.page.json(), null, 2)}\n`, method);
      else notFound(response, pathname, method);
      return;
    default:
      notFound(response, pathname, method);
  }
}

function notFound(response: http.ServerResponse, pathname: string, method: string): void {
  send(response, 404, 'text/plain; charset=utf-8', `not found: ${pathname}; try /metrics or /status\n`, method);
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
