import { createHash, randomUUID } from 'node:crypto';
import { UniqueViolationError, type Db } from '../../core/db/database.js';
import { HttpError } from '../../core/errors.js';
import { logSecurityEvent, type Logger } from '../../core/logger.js';
import { bearerCredential, type Authenticator, type Principal, type RequestHeaders } from '../../core/principal.js';
import { rateLimited, type RateLimiter } from '../../core/rate-limit.js';
import { findUserProfile, insertUser, type UserProfile } from '../../core/users.js';
import type { JwtSettings } from './config.js';
import { hashPassword, verifyPassword } from './passwords.js';
import {
  claimRefreshToken,
  deleteExpiredRefreshTokens,
  findRefreshToken,
  insertRefreshToken,
  revokeFamily,
  tokenHash,
} from './refresh-tokens.js';
import type { LoginBody, RegisterBody, RegisteredUser, TokenPair } from './schemas.js';
import { TokenCodec } from './tokens.js';

export interface AuthServiceOptions {
  readonly db: Db;
  readonly settings: JwtSettings;
  /** Counts login attempts per email address, whatever the client address. */
  readonly loginThrottle: RateLimiter;
  readonly logger: Logger;
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
  private readonly loginThrottle: RateLimiter;
  private readonly logger: Logger;

  constructor(options: AuthServiceOptions) {
    const { settings } = options;
    this.db = options.db;
    this.loginThrottle = options.loginThrottle;
    this.logger = options.logger;
    const claims = { issuer: settings.issuer, audience: settings.audience };
    this.access = new TokenCodec({ kind: 'access', secret: settings.accessSecret, ttlSeconds: settings.accessTtlSeconds, ...claims });
    this.refresh = new TokenCodec({ kind: 'refresh', secret: settings.refreshSecret, ttlSeconds: settings.refreshTtlSeconds, ...claims });
  }

  /** The principal of a valid `Authorization: Bearer <access token>` header: the user's own session holds every scope. */
  authenticate(headers: RequestHeaders): Principal | undefined {
    const token = bearerCredential(headers);
    const claims = token === undefined ? undefined : this.access.verify(token);
    return claims === undefined ? undefined : { userId: claims.sub, scheme: BEARER_SCHEME, scopes: 'all' };
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

  /** Wrong email and wrong password give the same answer after the same work. */
  async login(input: LoginBody): Promise<TokenPair> {
    const emailKey = createHash('sha256').update(input.email).digest('base64url');
    const attempt = await this.loginThrottle.consume(emailKey);
    if (!attempt.allowed) {
      logSecurityEvent(this.logger, 'login_throttled');
      throw rateLimited(this.loginThrottle, attempt);
    }
    const user = await this.db.get<{ id: string; passwordHash: string }>(
      `SELECT "users"."id" AS "id", "password_credentials"."password_hash" AS "passwordHash"
       FROM "users" JOIN "password_credentials" ON "password_credentials"."user_id" = "users"."id"
       WHERE "users"."email" = ?`,
      [input.email],
    );
    const valid = await verifyPassword(user?.passwordHash, input.password);
    if (user === undefined || !valid) {
      logSecurityEvent(this.logger, 'login_failed', user === undefined ? { knownUser: false } : { userId: user.id });
      throw new HttpError('invalid_credentials');
    }
    await this.loginThrottle.reset(emailKey);
    await deleteExpiredRefreshTokens(this.db, user.id, new Date().toISOString());
    return this.issuePair(this.db, user.id, randomUUID());
  }

  /**
   * Spends a refresh token and issues a new pair in the same family. A token presented
   * a second time means it was stolen: the whole family is revoked, so the newest
   * token stops working too.
   */
  async rotate(refreshToken: string): Promise<TokenPair> {
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

  /** Revokes the token's whole family. */
  async logout(refreshToken: string): Promise<void> {
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
    const access = this.access.sign({ sub: userId, jti: randomUUID() }, now);
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
