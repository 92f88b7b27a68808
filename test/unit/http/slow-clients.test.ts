import net from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { startTestServer } from './test-server.js';

let close: (() => Promise<void>) | undefined;
afterEach(async () => {
  await close?.();
  close = undefined;
});

// Connects and sends `text`; resolves with everything the server sent once it closed the connection.
function sendAndWaitForClose(port: number, text: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const socket = net.connect(port, '127.0.0.1', () => socket.write(text));
    let received = '';
    socket.on('data', (chunk: Buffer) => (received += chunk.toString()));
    socket.on('error', reject);
    socket.on('close', () => resolve(received));
  });
}

describe('slow and idle HTTP clients', () => {
  it('uses short timeouts: 10 s for headers, 15 s per request, 5 s keep-alive, checked every second', async () => {
    const started = await startTestServer({ maxConnections: 7 });
    close = started.close;
    expect({
      headersTimeout: started.server.headersTimeout,
      requestTimeout: started.server.requestTimeout,
      keepAliveTimeout: started.server.keepAliveTimeout,
      maxConnections: started.server.maxConnections,
    }).toEqual({ headersTimeout: 10_000, requestTimeout: 15_000, keepAliveTimeout: 5_000, maxConnections: 7 });
  });

  it('answers a client that never finishes its headers (slowloris) with 408 and closes the connection', async () => {
    const started = await startTestServer();
    close = started.close;
    const received = await sendAndWaitForClose(started.port, 'GET /metrics HTTP/1.1\r\nHost: 127.0.0.1\r\n');
    expect(received.split('\r\n')[0]).toBe('HTTP/1.1 408 Request Timeout');
  }, 30_000);

  it('closes a connection that never sends a byte', async () => {
    const started = await startTestServer();
    close = started.close;
    expect(await sendAndWaitForClose(started.port, '')).toBe('HTTP/1.1 408 Request Timeout\r\nConnection: close\r\n\r\n');
  }, 30_000);
});
