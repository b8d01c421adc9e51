import type { AuthModule } from '../../core/modules.js';
import { RateLimiter } from '../../core/rate-limit.js';
import { jwtConfig, type JwtSettings } from './config.js';
import { jwtMigrations } from './migrations.js';
import { jwtOperations, jwtSecurityScheme } from './operations.js';
import { warmUpPasswordHashing } from './passwords.js';
import { AuthService } from './service.js';

/** Failed logins allowed per email address and window, from any number of client addresses. */
export const LOGIN_ATTEMPTS_PER_EMAIL = { max: 5, windowMs: 15 * 60_000 } as const;

/** Email + password accounts, short-lived JWT access tokens and rotating refresh tokens. */
export const jwtAuth: AuthModule<'jwt', typeof jwtConfig.env, JwtSettings, AuthService> = {
  name: 'jwt',
  config: jwtConfig,
  migrations: jwtMigrations,
  securitySchemes: [jwtSecurityScheme],
  operations: jwtOperations,
  create({ db, settings, store, logger }) {
    warmUpPasswordHashing();
    const service = new AuthService({
      db,
      settings,
      logger,
      loginThrottle: new RateLimiter(store, { name: 'login', ...LOGIN_ATTEMPTS_PER_EMAIL }),
    });
    return { service, authenticator: service };
  },
};
