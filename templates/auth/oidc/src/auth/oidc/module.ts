import type { AuthModule } from '../../core/modules.js';
import { oidcConfig, type OidcSettings } from './config.js';
import { KeyStore } from './key-store.js';
import { oidcMigrations } from './migrations.js';
import { oidcOperations, oidcSecurityScheme } from './operations.js';
import { OidcService } from './service.js';
import { TokenVerifier } from './tokens.js';

/** A resource server for access tokens of one OpenID Connect provider (SEC-O1). */
export const oidcAuth: AuthModule<'oidc', typeof oidcConfig.env, OidcSettings, OidcService> = {
  name: 'oidc',
  config: oidcConfig,
  migrations: oidcMigrations,
  securitySchemes: [oidcSecurityScheme],
  operations: oidcOperations,
  create({ db, settings, logger }) {
    const keys = new KeyStore(settings, logger);
    keys.start();
    const service = new OidcService({ db, settings, logger, verifier: new TokenVerifier(settings, keys) });
    return { service, authenticator: service, close: () => keys.stop() };
  },
};
