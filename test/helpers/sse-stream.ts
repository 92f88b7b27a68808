import http from 'node:http';

// A raw GET of an event stream, collecting its text as it arrives (for tests of the exact framing).
export interface RawStream {
  response: Promise<http.IncomingMessage>;
  text(): string;
  // Resolves with the text once it contains `pattern` (checked on every chunk; no deadline of its own).
  waitFor(pattern: string | RegExp): Promise<string>;
  close(): void;
}

// Opens `url` with `headers` and keeps reading until close().
export function openRawStream(url: string, headers: Record<string, string> = {}): RawStream {
  let text = '';
  const waiters = new Set<() => void>();
  let request: http.ClientRequest | undefined;
  const response = new Promise<http.IncomingMessage>((resolve, reject) => {
    request = http.get(url, { headers }, (res) => {
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => {
        text += chunk;
        for (const waiter of [...waiters]) waiter();
      });
      resolve(res);
    });
    request.on('error', reject);
  });
  const has = (pattern: string | RegExp) => (typeof pattern === 'string' ? text.includes(pattern) : pattern.test(text));
  return {
    response,
    text: () => text,
    waitFor(pattern) {
      return new Promise((resolve) => {
        const check = () => {
          if (!has(pattern)) return;
          waiters.delete(check);
          resolve(text);
        };
        waiters.add(check);
        check();
      });
    },
    close: () => request?.destroy(),
  };
}
