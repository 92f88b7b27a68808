import bcrypt from 'bcryptjs';
import { describe, expect, it } from 'vitest';
import { createBasicAuth } from '../../../src/http/web-config/basic-auth.js';

const header = (credentials: string) => `Basic ${Buffer.from(credentials).toString('base64')}`;

describe('createBasicAuth', () => {
  const check = createBasicAuth({ admin: bcrypt.hashSync('pa:ss', 4).replace(/^\$2b\$/, '$2y$') });

  it('the right password (which may hold a colon) passes, twice (the second from the cache)', async () => {
    expect(await check(header('admin:pa:ss'))).toBe(true);
    expect(await check(header('admin:pa:ss'))).toBe(true);
  });

  it('a wrong password, an unknown user, a malformed or absent header: refused', async () => {
    for (const value of [header('admin:wrong'), header('root:pa:ss'), header('admin'), 'Bearer x', 'Basic !!!', undefined]) {
      expect(await check(value)).toBe(false);
    }
  });

  it('an unknown user whose password matches the stand-in hash is still refused', async () => {
    // The stand-in hash is for a random string; even a guessed password cannot make an unknown user known.
    expect(await check(header(':'))).toBe(false);
  });
});
