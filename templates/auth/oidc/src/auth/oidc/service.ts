import type { Db } from '../../core/db/database.js';
import { found } from '../../core/errors.js';
import { logSecurityEvent, type Logger } from '../../core/logger.js';
import { bearerCredential, type Authenticator, type Principal, type RequestHeaders } from '../../core/principal.js';
import type { OidcSettings } from './config.js';
import { tokenScopes } from './scopes.js';
import { localUser, subjectProfile, type SubjectProfile } from './subjects.js';
import { TokenCache } from './token-cache.js';
import type { TokenVerifier } from './tokens.js';

export const OIDC_SCHEME = 'oidcBearer';

/** Verified tokens kept at once (each entry is a hash and a few claims). */
const CACHED_TOKENS = 10_000;

interface CachedToken {
  readonly issuer: string;
  readonly subject: string;
  readonly scopes: ReadonlySet<string>;
  readonly expiresAt: number;
}

export interface OidcServiceDependencies {
  readonly db: Db;
  readonly settings: OidcSettings;
  readonly logger: Logger;
  readonly verifier: TokenVerifier;
}

/**
 * The resource-server side of OIDC: a bearer access token of OIDC_ISSUER becomes the
 * principal of its local user, holding the scopes the token names.
 */
export class OidcService implements Authenticator {
  readonly scheme = OIDC_SCHEME;
  readonly challenge = 'Bearer realm="api"';
  private readonly db: Db;
  private readonly settings: OidcSettings;
  private readonly logger: Logger;
  private readonly verifier: TokenVerifier;
  private readonly cache = new TokenCache<CachedToken>(CACHED_TOKENS);

  constructor({ db, settings, logger, verifier }: OidcServiceDependencies) {
    this.db = db;
    this.settings = settings;
    this.logger = logger;
    this.verifier = verifier;
  }

  async authenticate(headers: RequestHeaders): Promise<Principal | undefined> {
    const token = bearerCredential(headers);
    if (token === undefined) return undefined;
    const claims = await this.claims(token);
    if (claims === undefined) return undefined;
    const user = await localUser(this.db, claims.issuer, claims.subject);
    if (user === undefined) {
      logSecurityEvent(this.logger, 'revoked_token_used', { issuer: claims.issuer });
      return undefined;
    }
    return { userId: user.id, scheme: OIDC_SCHEME, scopes: claims.scopes, role: user.role };
  }

  /** The caller's link to the identity provider. */
  async profile(userId: string): Promise<SubjectProfile> {
    return found(await subjectProfile(this.db, userId));
  }

  private async claims(token: string): Promise<CachedToken | undefined> {
    const key = TokenCache.key(token);
    const cached = this.cache.get(key);
    if (cached !== undefined) return cached;
    const verified = await this.verifier.verify(token);
    if (verified === undefined) return undefined;
    const claims: CachedToken = {
      issuer: verified.issuer,
      subject: verified.subject,
      scopes: tokenScopes(verified.payload, this.settings.scopeClaims),
      expiresAt: verified.expiresAt,
    };
    this.cache.set(key, claims);
    return claims;
  }
}
