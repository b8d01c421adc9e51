import type { RequestHandler } from 'express';
import type { Db } from '../core/db/database.js';
import type { Logger } from '../core/logger.js';

/** What every route module is built with. */
export interface HttpContext {
  readonly db: Db;
  readonly logger: Logger;
  /** A valid access token is required, then the per-user rate limit applies. */
  readonly authenticate: RequestHandler;
  /** The per-address rate limit of the credential routes. */
  readonly credentialRateLimit: RequestHandler;
  /** Reads an application/json body into `req.body`: 415 for another type, 413 over BODY_LIMIT. */
  readonly jsonBody: RequestHandler;
}
