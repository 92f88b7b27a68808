import type http from 'node:http';
import pino from 'pino';
import { Registry } from 'prom-client';
import { createHttpServer, listen, type HttpDeps } from '../../../src/http/server.js';

// A server as the daemon makes it, on 127.0.0.1 with a kernel-chosen port; `status` echoes the page it got.
export async function startTestServer(over: Partial<HttpDeps> = {}): Promise<{ server: http.Server; base: string; port: number; close(): Promise<void> }> {
  const server = createHttpServer({
    registry: new Registry(),
    status: (page) => ({ page }),
    statusHistory: 100,
    maxConnections: 64,
    log: pino({ level: 'silent' }),
    ...over,
  });
  const { port } = await listen(server, '127.0.0.1', 0);
  return {
    server,
    port,
    base: `http://127.0.0.1:${port}`,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

