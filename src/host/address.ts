// "127.0.0.1:10461", "[::1]:10461": a listen address as a person types it and a URL carries it.
export function formatAddress(host: string, port: number): string {
  return host.includes(':') ? `[${host}]:${port}` : `${host}:${port}`;
}
