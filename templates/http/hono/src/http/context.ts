import type { MiddlewareHandler } from 'hono';
import type { Db } from '../core/db/database.js';
import type { Logger } from '../core/logger.js';
import type { AppEnv } from './types.js';

/** What every route module is built with. */
export interface HttpContext {
  readonly db: Db;
  readonly logger: Logger;
  /** A valid access token is required, then the per-user rate limit applies. */
  readonly authenticate: MiddlewareHandler<AppEnv>;
  /** The per-address rate limit of the credential routes. */
  readonly credentialRateLimit: MiddlewareHandler<AppEnv>;
  /** Reads the JSON body (415, 413, 400 as it must) into `c.get('body')`. */
  readonly jsonBody: MiddlewareHandler<AppEnv>;
}
