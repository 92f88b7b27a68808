import { describe, expect, it } from 'vitest';
import { isLoopbackHost, isLoopbackHostHeader } from '../../../src/http/web-config/loopback.js';
import { exposureWarning } from '../../../src/http/web-exposure.js';

describe('loopback names', () => {
  it.each([
    ['localhost', true],
    ['LOCALHOST', true],
    ['localhost.', true],
    ['127.0.0.1', true],
    ['127.255.1.2', true],
    ['::1', true],
    ['[::1]', true],
    ['::ffff:127.0.0.1', true],
    ['0.0.0.0', false],
    ['::', false],
    ['192.168.1.10', false],
    ['128.0.0.1', false],
    ['::ffff:10.0.0.1', false],
    ['localhost.evil.example', false],
    ['127.0.0.1.evil.example', false],
    ['evil.example', false],
  ])('isLoopbackHost(%s) = %s', (host, expected) => {
    expect(isLoopbackHost(host)).toBe(expected);
  });

  it.each([
    ['localhost:10461', true],
    ['127.0.0.1', true],
    ['[::1]:10461', true],
    ['evil.example', false],
    ['evil.example:10461', false],
    ['localhost:10461:1', false],
    ['::1', false],
    ['', false],
  ])('isLoopbackHostHeader(%s) = %s', (header, expected) => {
    expect(isLoopbackHostHeader(header)).toBe(expected);
  });
});

describe('exposureWarning', () => {
  const tls = { cert: Buffer.from(''), key: Buffer.from(''), requireClientCert: false, minVersion: 'TLSv1.2' as const };
  const web = (over: object) => ({ source: '/etc/npu-watch/web.yml', tls: null, users: {}, headers: {}, ...over });

  it('loopback binds: none', () => {
    for (const host of ['127.0.0.1', '::1', 'localhost']) expect(exposureWarning(host, null)).toBeNull();
  });

  it('0.0.0.0, ::, a LAN address without TLS or users: the warning; with either: none', () => {
    for (const host of ['0.0.0.0', '::', '192.168.1.10']) {
      expect(exposureWarning(host, null)).toContain(`listening on ${host}, which other machines can reach, without TLS or basic auth`);
      expect(exposureWarning(host, web({ headers: { 'X-Frame-Options': 'deny' } }))).not.toBeNull();
      expect(exposureWarning(host, web({ tls }))).toBeNull();
      expect(exposureWarning(host, web({ users: { admin: '$2y$…' } }))).toBeNull();
    }
  });
});
