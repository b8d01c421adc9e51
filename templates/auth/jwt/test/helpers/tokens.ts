import { createHmac, generateKeyPairSync, randomUUID, sign } from 'node:crypto';
import { keyId } from '../../src/auth/jwt/tokens.js';
import { TEST_AUDIENCE, TEST_ISSUER, TEST_SECRETS, type TestUser } from './auth.js';

const encode = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');

export interface CraftOptions {
  readonly header?: Record<string, unknown>;
  readonly claims?: Record<string, unknown>;
  /** Claims to leave out. */
  readonly omit?: readonly string[];
  readonly secret?: string;
  readonly algorithm?: 'HS256' | 'HS512' | 'none' | 'RS256';
}

/**
 * A token shaped like the server's access tokens for `user`'s login (same key id, same
 * family), with whatever an attacker would change.
 */
export function craftToken(user: Pick<TestUser, 'id' | 'accessToken'>, options: CraftOptions = {}): string {
  const now = Math.floor(Date.now() / 1_000);
  const algorithm = options.algorithm ?? 'HS256';
  const header = { alg: algorithm, kid: keyId(TEST_SECRETS.access), typ: 'at+jwt', ...options.header };
  const claims: Record<string, unknown> = {
    iss: TEST_ISSUER,
    aud: TEST_AUDIENCE,
    sub: user.id,
    jti: randomUUID(),
    fam: claimsOf(user.accessToken).fam,
    iat: now,
    exp: now + 300,
    ...options.claims,
  };
  for (const name of options.omit ?? []) delete claims[name];
  const input = `${encode(header)}.${encode(claims)}`;
  const secret = options.secret ?? TEST_SECRETS.access;
  switch (algorithm) {
    case 'none':
      return `${input}.`;
    case 'RS256': {
      const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
      return `${input}.${sign('sha256', Buffer.from(input), privateKey).toString('base64url')}`;
    }
    case 'HS512':
      return `${input}.${createHmac('sha512', secret).update(input).digest('base64url')}`;
    case 'HS256':
      return `${input}.${createHmac('sha256', secret).update(input).digest('base64url')}`;
  }
}

/** The payload of a JWT, unverified. */
export function claimsOf(token: string): Record<string, unknown> {
  return JSON.parse(Buffer.from(token.split('.')[1] ?? '', 'base64url').toString('utf8')) as Record<string, unknown>;
}

export function headerOf(token: string): Record<string, unknown> {
  return JSON.parse(Buffer.from(token.split('.')[0] ?? '', 'base64url').toString('utf8')) as Record<string, unknown>;
}
