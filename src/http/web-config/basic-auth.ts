import { createHash } from 'node:crypto';
import bcrypt from 'bcryptjs';

// Answers already computed for (user, hash, password); Prometheus sends the same credentials every scrape.
const CACHE_LIMIT = 256;

// Checks an Authorization header against user → bcrypt hash, as exporter-toolkit's webHandler.ServeHTTP
// (web/handler.go) does: an unknown user is compared against a stand-in hash, so the answer takes as long as
// for a known one (no user enumeration by timing); comparisons run one at a time (its bcryptMtx), and answers
// are cached by a digest of user, hash and password (its cache).
export function createBasicAuth(users: Record<string, string>): (authorization: string | undefined) => Promise<boolean> {
  const costs = Object.values(users).map((hash) => bcrypt.getRounds(hash));
  // Generated once per daemon, at the highest cost in use, so it costs what a real user's check costs.
  const standIn = costs.length > 0 ? bcrypt.hashSync(createHash('sha256').update(String(Math.random())).digest('hex'), Math.max(...costs)) : '';
  const cache = new Map<string, boolean>();
  let queue: Promise<unknown> = Promise.resolve();
  return async (authorization) => {
    const credentials = parseBasic(authorization);
    if (!credentials) return false;
    const known = Object.hasOwn(users, credentials.user);
    const hash = known ? (users[credentials.user] as string) : standIn;
    const key = createHash('sha256').update(JSON.stringify([credentials.user, hash, credentials.password])).digest('hex');
    const cached = cache.get(key);
    if (cached !== undefined) return cached;
    const compared = queue.then(() => bcrypt.compare(credentials.password, hash));
    queue = compared.catch(() => false);
    const answer = known && (await compared.catch(() => false));
    if (cache.size >= CACHE_LIMIT) cache.clear();
    cache.set(key, answer);
    return answer;
  };
}

// "Basic base64(user:password)" (RFC 7617); the password may contain ':', the user may not.
function parseBasic(authorization: string | undefined): { user: string; password: string } | null {
  const match = /^Basic[ ]+([A-Za-z0-9+/=]+)\s*$/i.exec(authorization ?? '');
  if (!match?.[1]) return null;
  const decoded = Buffer.from(match[1], 'base64').toString('utf8');
  const colon = decoded.indexOf(':');
  if (colon < 0) return null;
  return { user: decoded.slice(0, colon), password: decoded.slice(colon + 1) };
}
