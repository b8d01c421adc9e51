import { describe, expect, it } from 'vitest';
import { keyId, TokenCodec } from '../../src/auth/jwt/tokens.js';

const options = { secret: `${'s'.repeat(16)}${'e'.repeat(16)}c`, issuer: 'iss', audience: 'aud', ttlSeconds: 900 };
const access = new TokenCodec({ kind: 'access', ...options });
const refresh = new TokenCodec({ kind: 'refresh', ...options });

describe('TokenCodec', () => {
  const now = Date.UTC(2026, 0, 1);

  it('signs and verifies', () => {
    const { token, expiresAt } = access.sign({ sub: 'user-1', jti: 'j1', fam: 'f1' }, now);
    expect(expiresAt).toBe(now + 900_000);
    expect(access.verify(token, now)).toMatchObject({ sub: 'user-1', jti: 'j1', iat: now / 1_000, exp: now / 1_000 + 900 });
  });

  it('refuses tokens of the other kind, even with the same secret', () => {
    const { token } = refresh.sign({ sub: 'user-1', jti: 'j1', fam: 'f1' }, now);
    expect(access.verify(token, now)).toBeUndefined();
    expect(refresh.verify(token, now)).toMatchObject({ fam: 'f1' });
  });

  it('refuses expired tokens, to the second', () => {
    const { token } = access.sign({ sub: 'user-1', jti: 'j1', fam: 'f1' }, now);
    expect(access.verify(token, now + 899_999)).toBeDefined();
    expect(access.verify(token, now + 900_000)).toBeUndefined();
  });

  it('refuses another issuer or audience', () => {
    const { token } = access.sign({ sub: 'user-1', jti: 'j1', fam: 'f1' }, now);
    expect(new TokenCodec({ kind: 'access', ...options, issuer: 'other' }).verify(token, now)).toBeUndefined();
    expect(new TokenCodec({ kind: 'access', ...options, audience: 'other' }).verify(token, now)).toBeUndefined();
  });

  it('verifies tokens of a previous secret (rotation) but signs only with the current one', () => {
    const previous = new TokenCodec({ kind: 'access', ...options, secret: 'p'.repeat(40) });
    const { token: old } = previous.sign({ sub: 'user-1', jti: 'j1', fam: 'f1' }, now);
    const rotated = new TokenCodec({ kind: 'access', ...options, previousSecret: 'p'.repeat(40) });
    expect(rotated.verify(old, now)).toMatchObject({ sub: 'user-1' });
    expect(access.verify(old, now)).toBeUndefined();
    const { token: fresh } = rotated.sign({ sub: 'user-1', jti: 'j2', fam: 'f1' }, now);
    expect(access.verify(fresh, now)).toMatchObject({ jti: 'j2' });
    expect(previous.verify(fresh, now)).toBeUndefined();
    expect(fresh.split('.')[0]).toBe(access.sign({ sub: 'x', jti: 'y', fam: 'z' }, now).token.split('.')[0]);
  });

  it('names the signing key in the header without revealing it', () => {
    const header = JSON.parse(
      Buffer.from(access.sign({ sub: 'u', jti: 'j', fam: 'f' }, now).token.split('.')[0] ?? '', 'base64url').toString(),
    );
    expect(header).toEqual({ alg: 'HS256', kid: keyId(options.secret), typ: 'at+jwt' });
    expect(keyId(options.secret)).toMatch(/^[A-Za-z0-9_-]{16}$/);
    expect(options.secret).not.toContain(keyId(options.secret));
  });

  it('refuses any change to the token', () => {
    const { token } = access.sign({ sub: 'user-1', jti: 'j1', fam: 'f1' }, now);
    for (let i = 0; i < token.length; i += 7) {
      const changed = token.slice(0, i) + (token[i] === 'A' ? 'B' : 'A') + token.slice(i + 1);
      expect(access.verify(changed, now), `position ${i}`).toBeUndefined();
    }
  });
});
