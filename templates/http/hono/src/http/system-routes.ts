import { Hono } from 'hono';
import { openApiDocumentJson } from '../api.js';
import { HttpError } from '../core/errors.js';
import { healthSchema } from '../core/operations.js';
import { noQuerySchema } from '../core/pagination.js';
import { parseInput } from '../core/validation.js';
import type { HttpContext } from './context.js';
import { queryOf } from './query.js';
import { jsonSender, sendJsonText } from './serializers.js';
import type { AppEnv } from './types.js';

/** Public routes: GET /health and GET /openapi.json. */
export function systemRoutes({ db, logger }: HttpContext): Hono<AppEnv> {
  const sendHealth = jsonSender(healthSchema);

  return new Hono<AppEnv>()
    .get('/health', async (c) => {
      parseInput(noQuerySchema, queryOf(c), 'query');
      try {
        await db.get('SELECT 1');
      } catch (error) {
        logger.error({ err: error }, 'health check: database unavailable');
        throw new HttpError('service_unavailable', { detail: 'The database is not available' });
      }
      return sendHealth(c, { status: 'ok' });
    })
    .get('/openapi.json', (c) => {
      parseInput(noQuerySchema, queryOf(c), 'query');
      return sendJsonText(c, openApiDocumentJson());
    });
}
