import type { AuthModule } from '../../core/modules.js';
import { addressKey, RateLimiter } from '../../core/rate-limit.js';
import { jwtConfig, type JwtSettings } from './config.js';
import { jwtMigrations } from './migrations.js';
import { jwtOperations, jwtSecurityScheme } from './operations.js';
import { warmUpPasswordHashing } from './passwords.js';
import { AuthService } from './service.js';

/** Email + password accounts, short-lived JWT access tokens and rotating refresh tokens. */
export const jwtAuth: AuthModule<'jwt', typeof jwtConfig.env, JwtSettings, AuthService> = {
  name: 'jwt',
  config: jwtConfig,
  migrations: jwtMigrations,
  securitySchemes: [jwtSecurityScheme],
  operations: jwtOperations,
  create({ db, settings, stores, logger }) {
    warmUpPasswordHashing();
    const layer = (name: string, limit: { max: number; windowMs: number }, keyOf?: (key: string) => string, whenUnavailable?: 'refuse') =>
      new RateLimiter(stores.layer(name, { whenUnavailable }), { name, ...limit, keyOf });
    const service = new AuthService({
      db,
      settings,
      logger,
      limits: {
        loginFailures: layer('login', settings.loginFailures),
        // Guessing one account from many addresses stays bounded: with a shared store down, login waits.
        emailLoginFailures: layer('login-email', settings.emailLoginFailures, undefined, 'refuse'),
        refresh: layer('refresh', settings.refreshLimit, addressKey),
      },
    });
    return { service, authenticator: service };
  },
};
