import net from 'node:net';

// A loopback host: "localhost", 127.0.0.0/8, ::1, or 127.x mapped into IPv6 (::ffff:127.x.y.z).
export function isLoopbackHost(host: string): boolean {
  const name = host.toLowerCase().replace(/^\[(.*)\]$/, '$1').replace(/\.$/, '');
  if (name === 'localhost' || name.endsWith('.localhost')) return true;
  if (net.isIPv4(name)) return name.startsWith('127.');
  if (!net.isIPv6(name)) return false;
  const list = new net.BlockList();
  list.addAddress('::1', 'ipv6');
  list.addSubnet('::ffff:127.0.0.0', 104, 'ipv6');
  return list.check(name, 'ipv6');
}

// A Host header ("localhost:10461", "127.0.0.1", "[::1]:10461") that names a loopback host.
export function isLoopbackHostHeader(header: string): boolean {
  const match = /^(\[[0-9a-fA-F:.]+\]|[^:[\]]+)(?::\d{1,5})?$/.exec(header.trim());
  return match?.[1] !== undefined && isLoopbackHost(match[1]);
}
