import type { onRequestHookHandler } from 'fastify';
import type { Db } from '../core/db/database.js';
import type { Logger } from '../core/logger.js';

/** What every route plugin is registered with. */
export interface HttpContext {
  readonly db: Db;
  readonly logger: Logger;
  /** onRequest hook: a valid access token is required, then the per-user rate limit applies. */
  readonly authenticate: onRequestHookHandler;
  /** onRequest hook: the per-address rate limit of the credential routes. */
  readonly credentialRateLimit: onRequestHookHandler;
}
