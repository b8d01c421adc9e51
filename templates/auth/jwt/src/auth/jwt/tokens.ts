import { createHash, createHmac, createSecretKey, timingSafeEqual, type KeyObject } from 'node:crypto';

/**
 * Compact JWS with HS256, written against node:crypto so that nothing about a token is
 * negotiable: the header must be byte-for-byte one this server issues (so `alg` is
 * HS256, `typ` names the token kind and `kid` names one of its own secrets), the
 * signature is checked in constant time with a key prepared once, and `iss`, `aud`,
 * `exp`, `iat`, `sub`, `jti` and `fam` are required.
 *
 * Rotation: tokens are signed with the current secret; a previous secret (while it is
 * configured) still verifies the tokens it signed, found by their `kid`.
 */

export type TokenKind = 'access' | 'refresh';

/** RFC 9068 `at+jwt` for access tokens; refresh tokens get their own type. */
const HEADER_TYPES: Record<TokenKind, string> = { access: 'at+jwt', refresh: 'rt+jwt' };

const MAX_TOKEN_LENGTH = 2_048;
const SIGNATURE = /^[A-Za-z0-9_-]{43}$/;
const CLOCK_SKEW_SECONDS = 30;
/** Tokens already verified, so a client's next requests skip the HMAC and the parse. */
const VERIFIED_CACHE_SIZE = 10_000;

export interface TokenClaims {
  readonly sub: string;
  readonly jti: string;
  readonly iat: number;
  readonly exp: number;
  /** The login (refresh-token family) the token was issued to. */
  readonly fam: string;
}

export interface SignedToken {
  readonly token: string;
  readonly expiresAt: number;
}

export interface TokenCodecOptions {
  readonly kind: TokenKind;
  readonly secret: string;
  /** A secret being rotated out: verified, never used to sign. */
  readonly previousSecret?: string;
  readonly issuer: string;
  readonly audience: string;
  readonly ttlSeconds: number;
}

const encode = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');

function isClaims(value: unknown): value is TokenClaims & { iss: unknown; aud: unknown } {
  if (typeof value !== 'object' || value === null) return false;
  const claims = value as Record<string, unknown>;
  return (
    typeof claims.sub === 'string' &&
    typeof claims.jti === 'string' &&
    Number.isSafeInteger(claims.iat) &&
    Number.isSafeInteger(claims.exp) &&
    typeof claims.fam === 'string'
  );
}

/** A public name for a secret, so a token says which key signed it without saying anything about the key. */
export function keyId(secret: string): string {
  return createHash('sha256').update(`kid:${secret}`).digest('base64url').slice(0, 16);
}

interface SigningKey {
  /** `base64url(header) + "."`, the only prefix a token signed with this key can have. */
  readonly prefix: string;
  readonly key: KeyObject;
}

export class TokenCodec {
  readonly ttlSeconds: number;
  private readonly current: SigningKey;
  private readonly previous: SigningKey | undefined;
  private readonly issuer: string;
  private readonly audience: string;
  private readonly verified = new Map<string, TokenClaims>();

  constructor(options: TokenCodecOptions) {
    const signingKey = (secret: string): SigningKey => ({
      prefix: `${encode({ alg: 'HS256', kid: keyId(secret), typ: HEADER_TYPES[options.kind] })}.`,
      key: createSecretKey(Buffer.from(secret)),
    });
    this.current = signingKey(options.secret);
    this.previous = options.previousSecret === undefined ? undefined : signingKey(options.previousSecret);
    this.issuer = options.issuer;
    this.audience = options.audience;
    this.ttlSeconds = options.ttlSeconds;
  }

  private static signature(key: KeyObject, signingInput: string): string {
    return createHmac('sha256', key).update(signingInput).digest('base64url');
  }

  sign(claims: { sub: string; jti: string; fam: string }, nowMs = Date.now()): SignedToken {
    const iat = Math.floor(nowMs / 1_000);
    const exp = iat + this.ttlSeconds;
    const payload = { iss: this.issuer, aud: this.audience, sub: claims.sub, jti: claims.jti, fam: claims.fam, iat, exp };
    const signingInput = this.current.prefix + encode(payload);
    return { token: `${signingInput}.${TokenCodec.signature(this.current.key, signingInput)}`, expiresAt: exp * 1_000 };
  }

  /** The claims of a valid, unexpired token of this kind; undefined for anything else. */
  verify(token: string, nowMs = Date.now()): TokenClaims | undefined {
    const known = this.verified.get(token);
    if (known !== undefined) {
      if (known.exp > Math.floor(nowMs / 1_000)) return known;
      this.verified.delete(token);
      return undefined;
    }
    const claims = this.check(token, nowMs);
    if (claims !== undefined) this.remember(token, claims);
    return claims;
  }

  private remember(token: string, claims: TokenClaims): void {
    if (this.verified.size >= VERIFIED_CACHE_SIZE) {
      const oldest = this.verified.keys().next();
      if (!oldest.done) this.verified.delete(oldest.value);
    }
    this.verified.set(token, claims);
  }

  private keyOf(token: string): SigningKey | undefined {
    if (token.startsWith(this.current.prefix)) return this.current;
    if (this.previous !== undefined && token.startsWith(this.previous.prefix)) return this.previous;
    return undefined;
  }

  private check(token: string, nowMs: number): TokenClaims | undefined {
    const signer = token.length > MAX_TOKEN_LENGTH ? undefined : this.keyOf(token);
    if (signer === undefined) return undefined;
    const dot = token.indexOf('.', signer.prefix.length);
    if (dot === -1) return undefined;
    const signature = token.slice(dot + 1);
    if (!SIGNATURE.test(signature)) return undefined;
    const expected = TokenCodec.signature(signer.key, token.slice(0, dot));
    if (!timingSafeEqual(Buffer.from(signature), Buffer.from(expected))) return undefined;

    let claims: unknown;
    try {
      claims = JSON.parse(Buffer.from(token.slice(signer.prefix.length, dot), 'base64url').toString('utf8'));
    } catch {
      return undefined;
    }
    if (!isClaims(claims) || claims.iss !== this.issuer || claims.aud !== this.audience) return undefined;
    const now = Math.floor(nowMs / 1_000);
    if (claims.exp <= now || claims.iat > now + CLOCK_SKEW_SECONDS) return undefined;
    return claims;
  }
}
