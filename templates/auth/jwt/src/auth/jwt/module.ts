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
    const layer = (name: string, limit: { max: number; windowMs: number }, keyOf?: (key: string) => string) =>
      new RateLimiter(stores.layer(name), { name, ...limit, keyOf });
    const service = new AuthService({
      db,
      settings,
      logger,
      limits: {
        loginFailures: layer('login', settings.loginFailures),
        emailLoginFailures: layer('login-email', settings.emailLoginFailures),
        refresh: layer('refresh', settings.refreshLimit, addressKey),
      },
    });
    return { service, authenticator: service };
  },
};
