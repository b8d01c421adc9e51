import { createHash, randomUUID } from 'node:crypto';
import { UniqueViolationError, type Db } from '../../core/db/database.js';
import { HttpError } from '../../core/errors.js';
import { logSecurityEvent, type Logger } from '../../core/logger.js';
import { bearerCredential, type Authenticator, type Principal, type RequestHeaders } from '../../core/principal.js';
import { addressKey, rateLimited, type RateLimitDecision, type RateLimiter } from '../../core/rate-limit.js';
import { findUserProfile, insertUser, type UserProfile } from '../../core/users.js';
import type { JwtSettings } from './config.js';
import { hashPassword, verifyPassword } from './passwords.js';
import {
  claimRefreshToken,
  deleteExpiredRefreshTokens,
  findRefreshToken,
  insertFamily,
  insertRefreshToken,
  liveSessionRole,
  revokeFamily,
  tokenHash,
} from './refresh-tokens.js';
import type { LoginBody, RegisterBody, RegisteredUser, TokenPair } from './schemas.js';
import { TokenCodec } from './tokens.js';

export interface AuthServiceOptions {
  readonly db: Db;
  readonly settings: JwtSettings;
  readonly limits: AuthLimits;
  readonly logger: Logger;
}

/** The module's own rate-limit layers (SEC-R1). */
export interface AuthLimits {
  /** Failed logins per (email, client address): a guesser is stopped, the owner elsewhere is not. */
  readonly loginFailures: RateLimiter;
  /** Failed logins per email from any address: bounds guessing spread over many addresses. */
  readonly emailLoginFailures: RateLimiter;
  /** Refresh and logout calls per client address, apart from login's bucket. */
  readonly refresh: RateLimiter;
}

const iso = (ms: number) => new Date(ms).toISOString();

const invalidToken = () => new HttpError('unauthorized', { detail: 'The token is invalid, expired or revoked' });

/** The OpenAPI security scheme of access tokens. */
export const BEARER_SCHEME = 'bearerAuth';

/** Registration, login, refresh-token rotation, logout and access-token checks. */
export class AuthService implements Authenticator {
  readonly scheme = BEARER_SCHEME;
  readonly challenge = 'Bearer realm="api"';
  private readonly db: Db;
  private readonly access: TokenCodec;
  private readonly refresh: TokenCodec;
  private readonly limits: AuthLimits;
  private readonly logger: Logger;

  constructor(options: AuthServiceOptions) {
    const { settings } = options;
    this.db = options.db;
    this.limits = options.limits;
    this.logger = options.logger;
    const claims = { issuer: settings.issuer, audience: settings.audience };
    this.access = new TokenCodec({
      kind: 'access',
      secret: settings.accessSecret,
      previousSecret: settings.previousAccessSecret,
      ttlSeconds: settings.accessTtlSeconds,
      ...claims,
    });
    this.refresh = new TokenCodec({
      kind: 'refresh',
      secret: settings.refreshSecret,
      previousSecret: settings.previousRefreshSecret,
      ttlSeconds: settings.refreshTtlSeconds,
      ...claims,
    });
  }

  /**
   * The principal of a valid `Authorization: Bearer <access token>` header, while its
   * user exists and is enabled and its login is not revoked (SEC-J5): the user's own
   * session holds every scope.
   */
  async authenticate(headers: RequestHeaders): Promise<Principal | undefined> {
    const token = bearerCredential(headers);
    const claims = token === undefined ? undefined : this.access.verify(token);
    if (claims === undefined) return undefined;
    const role = await liveSessionRole(this.db, claims.fam, claims.sub);
    if (role === undefined) {
      logSecurityEvent(this.logger, 'revoked_token_used', { userId: claims.sub });
      return undefined;
    }
    return { userId: claims.sub, scheme: BEARER_SCHEME, scopes: 'all', role };
  }

  async register(input: RegisterBody): Promise<RegisteredUser> {
    const passwordHash = await hashPassword(input.password);
    const id = randomUUID();
    const now = new Date().toISOString();
    try {
      await this.db.transaction(async (tx) => {
        await insertUser(tx, { id, email: input.email, name: input.name, now });
        await tx.run('INSERT INTO "password_credentials" ("user_id", "password_hash", "updated_at") VALUES (?, ?, ?)', [
          id,
          passwordHash,
          now,
        ]);
      });
    } catch (error) {
      if (error instanceof UniqueViolationError) {
        throw new HttpError('conflict', { detail: 'An account with this email address already exists' });
      }
      throw error;
    }
    return { id, email: input.email, name: input.name };
  }

  /**
   * Wrong email, wrong password and a disabled account give the same answer after the
   * same work. Only failures count against the limits, so an owner who knows the
   * password is never refused for having signed in often, and a third party's guesses
   * from other addresses block the owner only past the looser per-email bound.
   */
  async login(input: LoginBody, clientAddress: string): Promise<TokenPair> {
    const emailKey = createHash('sha256').update(input.email).digest('base64url');
    const pairKey = `${emailKey}|${addressKey(clientAddress)}`;
    const { loginFailures, emailLoginFailures } = this.limits;
    this.refuseWhenLimited(loginFailures, await loginFailures.check(pairKey));
    this.refuseWhenLimited(emailLoginFailures, await emailLoginFailures.check(emailKey));
    const user = await this.db.get<{ id: string; passwordHash: string }>(
      `SELECT "users"."id" AS "id", "password_credentials"."password_hash" AS "passwordHash"
       FROM "users" JOIN "password_credentials" ON "password_credentials"."user_id" = "users"."id"
       WHERE "users"."email" = ? AND "users"."disabled_at" IS NULL`,
      [input.email],
    );
    const valid = await verifyPassword(user?.passwordHash, input.password);
    if (user === undefined || !valid) {
      await loginFailures.consume(pairKey);
      await emailLoginFailures.consume(emailKey);
      logSecurityEvent(this.logger, 'login_failed', user === undefined ? { knownUser: false } : { userId: user.id });
      throw new HttpError('invalid_credentials');
    }
    await loginFailures.reset(pairKey);
    const now = Date.now();
    await deleteExpiredRefreshTokens(this.db, user.id, iso(now));
    const familyId = randomUUID();
    return this.db.transaction(async (tx) => {
      await insertFamily(tx, { id: familyId, userId: user.id, createdAt: iso(now) });
      return this.issuePair(tx, user.id, familyId);
    });
  }

  private refuseWhenLimited(limiter: RateLimiter, decision: RateLimitDecision): void {
    if (decision.allowed) return;
    logSecurityEvent(this.logger, 'login_throttled', { limit: limiter.name });
    throw rateLimited(limiter, decision);
  }

  /** Refresh and logout share one per-address bucket, apart from login's. */
  private async countRefresh(clientAddress: string): Promise<void> {
    const decision = await this.limits.refresh.consume(clientAddress);
    if (!decision.allowed) throw rateLimited(this.limits.refresh, decision);
  }

  /**
   * Spends a refresh token and issues a new pair in the same family. A token presented
   * a second time means it was stolen: the whole family is revoked, so the newest
   * token stops working too.
   */
  async rotate(refreshToken: string, clientAddress: string): Promise<TokenPair> {
    await this.countRefresh(clientAddress);
    const claims = this.refresh.verify(refreshToken);
    const record = claims === undefined ? undefined : await findRefreshToken(this.db, tokenHash(refreshToken));
    if (claims === undefined || record === undefined || record.userId !== claims.sub) {
      logSecurityEvent(this.logger, 'refresh_token_rejected', claims === undefined ? {} : { userId: claims.sub });
      throw invalidToken();
    }
    const now = new Date().toISOString();
    const pair = await this.db.transaction(async (tx) => {
      if (!(await claimRefreshToken(tx, record.id, now))) {
        await revokeFamily(tx, record.familyId, now);
        return undefined;
      }
      return this.issuePair(tx, record.userId, record.familyId);
    });
    if (pair === undefined) {
      logSecurityEvent(this.logger, 'refresh_token_reuse', { userId: record.userId, familyId: record.familyId });
      throw invalidToken();
    }
    return pair;
  }

  /** Revokes the token's whole family: its refresh tokens and its access tokens. */
  async logout(refreshToken: string, clientAddress: string): Promise<void> {
    await this.countRefresh(clientAddress);
    const claims = this.refresh.verify(refreshToken);
    const record = claims === undefined ? undefined : await findRefreshToken(this.db, tokenHash(refreshToken));
    if (record === undefined) throw invalidToken();
    await revokeFamily(this.db, record.familyId, new Date().toISOString());
  }

  async profile(userId: string): Promise<UserProfile> {
    const profile = await findUserProfile(this.db, userId);
    if (profile === undefined) throw invalidToken();
    return profile;
  }

  private async issuePair(db: Db, userId: string, familyId: string): Promise<TokenPair> {
    const now = Date.now();
    const access = this.access.sign({ sub: userId, jti: randomUUID(), fam: familyId }, now);
    const id = randomUUID();
    const refresh = this.refresh.sign({ sub: userId, jti: id, fam: familyId }, now);
    await insertRefreshToken(db, {
      id,
      familyId,
      userId,
      hash: tokenHash(refresh.token),
      expiresAt: iso(refresh.expiresAt),
      createdAt: iso(now),
    });
    return {
      accessToken: access.token,
      refreshToken: refresh.token,
      tokenType: 'Bearer',
      expiresIn: this.access.ttlSeconds,
    };
  }
}
