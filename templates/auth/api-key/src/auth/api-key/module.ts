import type { AuthModule } from '../../core/modules.js';
import { apiKeyConfig, type ApiKeySettings } from './config.js';
import { apiKeyMigrations } from './migrations.js';
import { apiKeyOperations, keysActAsAdmins } from './operations.js';
import { apiKeySecurityScheme } from './scheme.js';
import { ApiKeyService } from './service.js';

/** Hashed, scoped, expiring API keys, sent as `Authorization: Bearer <key>`. */
export const apiKeyAuth: AuthModule<'apiKey', typeof apiKeyConfig.env, ApiKeySettings, ApiKeyService> = {
  name: 'apiKey',
  config: apiKeyConfig,
  migrations: apiKeyMigrations,
  securitySchemes: [apiKeySecurityScheme],
  operations: apiKeyOperations,
  create({ db, settings, logger, scopes }) {
    const service = new ApiKeyService({ db, settings, logger, scopes, keysActAsAdmins });
    return { service, authenticator: service };
  },
};
