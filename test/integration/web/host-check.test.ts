import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startDaemon, writeFixtureConfig, type RunningDaemon } from '../../helpers/cli.js';
import { materializeHost, type MaterializedHost } from '../../helpers/host-fixture.js';
import { curl } from './web-fixture.js';

// DNS rebinding: a page on evil.example whose name resolves to 127.0.0.1 makes the browser send
// "Host: evil.example" to the loopback daemon; a loopback daemon answers only to loopback names.
describe('Host check on a loopback bind', () => {
  let host: MaterializedHost;
  let daemon: RunningDaemon;
  let port: string;
  beforeAll(async () => {
    host = await materializeHost('no-npu');
    const config = await writeFixtureConfig(host.paths, `\n[http]\nlisten = "127.0.0.1:0"\n`);
    daemon = await startDaemon(config, { bin: host.bin });
    port = new URL(daemon.url).port;
  });
  afterAll(async () => {
    await daemon?.stop();
    await host?.cleanup();
  });

  it('Host: evil.example (with or without a port) gets 421 and one line, on every path', async () => {
    for (const [value, pathname] of [
      ['evil.example', '/status'],
      [`evil.example:${port}`, '/metrics'],
      ['evil.example', '/events'],
      ['127.0.0.1.evil.example', '/'],
      ['localhost.evil.example', '/status'],
    ] as const) {
      const answer = await curl(['-H', `Host: ${value}`, `${daemon.url}${pathname}`]);
      expect({ value, status: answer.status }).toEqual({ value, status: 421 });
      expect(answer.body).toBe(`misdirected request: Host "${value}" is not a loopback name; this daemon answers to localhost, 127.0.0.1 or [::1] only\n`);
    }
  });

  it('loopback names (localhost:PORT, 127.0.0.1, 127.1.2.3, [::1]:PORT, LOCALHOST) get the answer', async () => {
    for (const value of [`localhost:${port}`, 'localhost', '127.0.0.1', `127.1.2.3:${port}`, `[::1]:${port}`, 'LOCALHOST']) {
      const answer = await curl(['-H', `Host: ${value}`, `${daemon.url}/status`]);
      expect({ value, status: answer.status }).toEqual({ value, status: 200 });
      expect(JSON.parse(answer.body)).toHaveProperty('devices');
    }
  });

  it('a loopback bind logs no exposure warning', async () => {
    const serving = daemon.lines().findIndex((line) => typeof line.url === 'string');
    expect(serving).toBeGreaterThanOrEqual(0);
    expect(daemon.lines().slice(0, serving + 1).filter((line) => line.level === 'warn' || line.level === 40)).toEqual([]);
  });
});
