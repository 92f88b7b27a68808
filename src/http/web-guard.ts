import type http from 'node:http';
import { createBasicAuth } from './web-config/basic-auth.js';
import type { WebConfig } from './web-config/load.js';
import { isLoopbackHost, isLoopbackHostHeader } from './web-config/loopback.js';

// Decides whether a request reaches the handlers; when not, it has already answered. Resolves true to go on.
export type RequestGuard = (request: http.IncomingMessage, response: http.ServerResponse) => Promise<boolean>;

// The guard for a daemon listening on `listenHost`: the web config's extra headers on every answer; on a
// loopback bind, a Host that is not a loopback name gets 421 (DNS rebinding: a page on evil.example that
// resolves to 127.0.0.1 sends "Host: evil.example"); with basic_auth_users, no valid credentials get 401.
export function createRequestGuard(listenHost: string, web: WebConfig | null): RequestGuard {
  const checkHost = isLoopbackHost(listenHost);
  const users = web?.users ?? {};
  const authorized = Object.keys(users).length > 0 ? createBasicAuth(users) : null;
  return async (request, response) => {
    for (const [name, value] of Object.entries(web?.headers ?? {})) response.setHeader(name, value);
    // No Host at all is not a browser (browsers always send one); HTTP/1.1 without Host is refused by Node
    // itself (http.createServer requireHostHeader, default true).
    const host = request.headers.host;
    if (checkHost && host !== undefined && !isLoopbackHostHeader(host)) {
      refuse(response, 421, `misdirected request: Host "${host.slice(0, 100)}" is not a loopback name; this daemon answers to localhost, 127.0.0.1 or [::1] only\n`);
      return false;
    }
    if (authorized && !(await authorized(request.headers.authorization))) {
      response.setHeader('WWW-Authenticate', 'Basic');
      refuse(response, 401, 'unauthorized: basic auth credentials missing or wrong\n');
      return false;
    }
    return true;
  };
}

function refuse(response: http.ServerResponse, status: number, body: string): void {
  response.writeHead(status, { 'Content-Type': 'text/plain; charset=utf-8', 'Content-Length': Buffer.byteLength(body) });
  response.end(response.req.method === 'HEAD' ? undefined : body);
}
