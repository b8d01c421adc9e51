import type { Db } from '../db/database.js';
import type { Logger } from '../logger.js';
import { RateLimiter } from '../rate-limit.js';
import type { RateLimitStore } from '../rate-limit-store.js';
import type { AuthSettings } from './config.js';
import { warmUpPasswordHashing } from './passwords.js';
import { AuthService } from './service.js';

export { authMigrations } from './migrations.js';
export { authOperations, authSecurityScheme } from './operations.js';
export type { AuthService };

/** Failed logins allowed per email address and window, from any number of client addresses. */
export const LOGIN_ATTEMPTS_PER_EMAIL = { max: 5, windowMs: 15 * 60_000 } as const;

export interface AuthDependencies {
  readonly db: Db;
  readonly settings: AuthSettings;
  readonly store: RateLimitStore;
  readonly logger: Logger;
}

/** The authentication of this API: email + password, JWT access tokens, rotating refresh tokens. */
export function createAuth({ db, settings, store, logger }: AuthDependencies): AuthService {
  warmUpPasswordHashing();
  return new AuthService({
    db,
    settings,
    logger,
    loginThrottle: new RateLimiter(store, { name: 'login', ...LOGIN_ATTEMPTS_PER_EMAIL }),
  });
}
