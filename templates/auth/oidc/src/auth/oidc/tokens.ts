import { decodeProtectedHeader, errors, jwtVerify, type JWTPayload } from 'jose';
import { HttpError } from '../../core/errors.js';
import { normalizeTokenType, type OidcSettings } from './config.js';
import type { KeyStore } from './key-store.js';

/** A token longer than this is refused before any of it is decoded. */
export const MAX_TOKEN_BYTES = 8 * 1024;

/** Claims an ID token carries and an access token does not (OpenID Connect Core 3.1.3.6, 3.3.2.11). */
const ID_TOKEN_CLAIMS = ['nonce', 'at_hash', 'c_hash'] as const;

const REQUIRED_CLAIMS = ['iss', 'aud', 'exp', 'iat', 'sub'];

/** Seconds of clock difference tolerated between this server and the issuer. */
const CLOCK_TOLERANCE_SECONDS = 5;

/** What a verified access token says. */
export interface VerifiedToken {
  readonly issuer: string;
  readonly subject: string;
  readonly payload: JWTPayload;
  /** Milliseconds since the epoch. */
  readonly expiresAt: number;
}

/**
 * Verifies access tokens of OIDC_ISSUER (SEC-O1, RFC 9068): asymmetric algorithms from
 * OIDC_ALGORITHMS only, `typ` from OIDC_TOKEN_TYPES, `iss`, `aud`, `exp`, `iat` and `sub`
 * required, ID tokens refused. Undefined for any token that does not verify; an
 * HttpError `auth_unavailable` when no key set can be had from the issuer.
 */
export class TokenVerifier {
  constructor(
    private readonly settings: OidcSettings,
    private readonly keys: KeyStore,
  ) {}

  async verify(token: string): Promise<VerifiedToken | undefined> {
    if (token.length > MAX_TOKEN_BYTES) return undefined;
    const header = this.header(token);
    if (header === undefined) return undefined;
    const lookup = await this.keys.lookup(header.kid);
    if (lookup.kind === 'unavailable') {
      throw new HttpError('auth_unavailable', {
        detail: 'The identity provider cannot be reached to check the token; retry later',
        headers: { 'retry-after': String(Math.ceil(lookup.retryAfterMs / 1_000)) },
      });
    }
    let payload: JWTPayload;
    try {
      ({ payload } = await jwtVerify(token, lookup.keys.getKey, {
        issuer: this.settings.issuer,
        audience: [...this.settings.audiences],
        algorithms: [...this.settings.algorithms],
        requiredClaims: REQUIRED_CLAIMS,
        clockTolerance: CLOCK_TOLERANCE_SECONDS,
      }));
    } catch (error) {
      if (error instanceof errors.JOSEError) return undefined;
      throw error;
    }
    if (header.type === 'jwt' && ID_TOKEN_CLAIMS.some((claim) => claim in payload)) return undefined;
    if (typeof payload.sub !== 'string' || payload.sub === '' || typeof payload.exp !== 'number') return undefined;
    return { issuer: this.settings.issuer, subject: payload.sub, payload, expiresAt: payload.exp * 1_000 };
  }

  /** The header's `kid` and normalised `typ`, when the algorithm and the type are acceptable. */
  private header(token: string): { kid: string | undefined; type: string } | undefined {
    let header: ReturnType<typeof decodeProtectedHeader>;
    try {
      header = decodeProtectedHeader(token);
    } catch {
      return undefined;
    }
    if (typeof header.alg !== 'string' || !(this.settings.algorithms as readonly string[]).includes(header.alg)) return undefined;
    // A token without `typ` is a plain JWT: accepted only when OIDC_TOKEN_TYPES lists JWT.
    const type = typeof header.typ === 'string' ? normalizeTokenType(header.typ) : 'jwt';
    if (!(this.settings.tokenTypes as readonly string[]).includes(type)) return undefined;
    if (header.kid !== undefined && typeof header.kid !== 'string') return undefined;
    return { kid: header.kid, type };
  }
}
