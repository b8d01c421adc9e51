import { describe, expect, it } from 'vitest';
import { TokenCache } from '../../src/auth/oidc/token-cache.js';

describe('TokenCache (verified OIDC tokens)', () => {
  it('serves an entry until its expiry, then forgets it', () => {
    let now = 1_000;
    const cache = new TokenCache<{ expiresAt: number }>(10, () => now);
    cache.set('a', { expiresAt: 2_000 });
    expect(cache.get('a')).toEqual({ expiresAt: 2_000 });
    now = 2_000;
    expect(cache.get('a')).toBeUndefined();
    expect(cache.size).toBe(0);
  });

  it('is bounded: when full, the oldest entry goes', () => {
    const cache = new TokenCache<{ expiresAt: number }>(3, () => 0);
    for (const key of ['a', 'b', 'c', 'd']) cache.set(key, { expiresAt: 1 });
    expect(cache.size).toBe(3);
    expect(cache.get('a')).toBeUndefined();
    expect(cache.get('d')).toBeDefined();
  });

  it('keys by a SHA-256 of the token, so it holds no token', () => {
    const key = TokenCache.key('header.payload.signature');
    expect(key).toMatch(/^[\w-]{43}$/);
    expect(key).not.toContain('payload');
    expect(TokenCache.key('header.payload.signaturf')).not.toBe(key);
  });
});
