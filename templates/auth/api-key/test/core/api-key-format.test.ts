import { describe, expect, it } from 'vitest';
import { checksum, KEY_LENGTH, looksLikeKey, newKey, newKeyId, parseKey } from '../../src/auth/api-key/format.js';
import { API_KEY_PREFIX } from '../../src/auth/api-key/prefix.js';
import { effectiveScopes, unknownScopes } from '../../src/auth/api-key/scopes.js';

describe('SEC-K1 key format', () => {
  it('is <prefix>_<id 12><secret 43><crc 6> in base62, and parses back', () => {
    const id = newKeyId();
    const { key, secret } = newKey(id);
    expect(key).toHaveLength(KEY_LENGTH);
    expect(key).toMatch(new RegExp(`^${API_KEY_PREFIX}_[0-9A-Za-z]{61}$`));
    expect(parseKey(key)).toEqual({ id, secret });
    expect(looksLikeKey(key)).toBe(true);
    expect(key.slice(-6)).toBe(checksum(key.slice(0, -6)));
  });

  it('refuses every single-character change by its checksum', () => {
    const { key } = newKey(newKeyId());
    const start = API_KEY_PREFIX.length + 1;
    for (let index = start; index < key.length; index++) {
      const changed = key.slice(0, index) + (key[index] === 'Z' ? 'Y' : 'Z') + key.slice(index + 1);
      expect(parseKey(changed), `position ${index}`).toBeUndefined();
    }
  });

  it('refuses other prefixes, lengths and characters', () => {
    const { key } = newKey(newKeyId());
    expect(parseKey(`x${key}`)).toBeUndefined();
    expect(parseKey(key.slice(0, -1))).toBeUndefined();
    expect(parseKey(`${key.slice(0, -7)}-${key.slice(-6)}`)).toBeUndefined();
    expect(looksLikeKey('eyJhbGciOiJIUzI1NiJ9.e30.x')).toBe(false);
  });

  it('draws ids and secrets at random', () => {
    const keys = new Set(Array.from({ length: 200 }, () => newKey(newKeyId()).key));
    expect(keys.size).toBe(200);
  });
});

describe('scopes', () => {
  it('write implies read', () => {
    expect([...effectiveScopes(['notes:write'])].sort()).toEqual(['notes:read', 'notes:write']);
    expect([...effectiveScopes(['notes:read'])]).toEqual(['notes:read']);
  });

  it('names the scopes no operation needs', () => {
    expect(unknownScopes(['notes:read', 'admin:write'], new Set(['notes:read', 'notes:write']))).toEqual(['admin:write']);
  });
});
