#!/usr/bin/env node
// The baseline for metrics-latency.mjs: a bare node:http server that answers every request with the bytes of one
// real /metrics scrape (same Content-Type and Content-Length as the daemon sends), and nothing else. Run as its
// own process: `node bench/lib/bare-metrics-server.mjs BODY_FILE CONTENT_TYPE`; prints `listening <port>`.
import fs from 'node:fs';
import http from 'node:http';
import process from 'node:process';

const [bodyFile, contentType] = process.argv.slice(2);
if (!bodyFile || !contentType) {
  console.error('usage: bare-metrics-server.mjs BODY_FILE CONTENT_TYPE');
  process.exit(2);
}
// The daemon sends a string each time (registry.metrics() renders one); so does this server.
const body = fs.readFileSync(bodyFile, 'utf8');

const server = http.createServer((request, response) => {
  response.writeHead(200, { 'Content-Type': contentType, 'Content-Length': Buffer.byteLength(body) });
  response.end(request.method === 'HEAD' ? undefined : body);
});
server.listen(0, '127.0.0.1', () => console.log(`listening ${server.address().port}`));
for (const signal of ['SIGTERM', 'SIGINT']) {
  process.once(signal, () => {
    server.closeAllConnections();
    server.close(() => process.exit(0));
  });
}
